/**
 * The package as a user gets it: build, `npm pack`, install the tarball into an empty folder,
 * then type-check and run a small TypeScript program importing the library face by name.
 * Dependencies come from the npm registry (or npm's cache); their install scripts are skipped
 * (better-sqlite3 would fetch a binary from outside the registry), and the test checks that
 * mxdoctor itself needs none: the patched postal-mime travels inside dist/.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const MINUTES = 60_000;

const PROGRAM = `import {
  analyzeBounce,
  analyzePhish,
  type BounceReport,
  checkTargets,
  diagnoseDomain,
  PROBE_DEFAULTS,
  type PhishReport,
  probeHosts,
} from 'mxdoctor';

const bytes = (text: string) => new TextEncoder().encode(text);
const bounce: BounceReport = analyzeBounce(
  bytes('550 5.1.1 <nobody@example.test>: Recipient address rejected: User unknown'),
);
const phish: PhishReport = await analyzePhish(bytes('Subject: hi\\r\\n\\r\\nhello\\r\\n'));
const verdict: 'phishing' | 'suspicious' | 'clean' = phish.verdict;
const port: number = PROBE_DEFAULTS.port;
console.log(
  JSON.stringify({
    bounce: bounce.isBounce,
    reason: bounce.recipients[0]?.reason ?? null,
    verdict,
    port,
    functions: [typeof checkTargets, typeof probeHosts, typeof diagnoseDomain],
  }),
);
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: ['node'],
    typeRoots: [join(root, 'node_modules/@types')],
  },
  files: ['main.mts'],
};

describe('npm pack, then install into an empty folder', { timeout: 10 * MINUTES }, () => {
  let work = '';
  let app = '';

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'mxd-pack-'));
    app = join(work, 'app');
    await run('npm', ['run', 'build'], { cwd: root });
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack wrote no tarball');
    await run('mkdir', ['-p', app]);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    await run(
      'npm',
      ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball)],
      { cwd: app, maxBuffer: 16 * 1024 * 1024 },
    );
    writeFileSync(join(app, 'main.mts'), PROGRAM);
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the installed package needs no install script of its own', async () => {
    const { stdout } = await run('npm', ['pkg', 'get', 'scripts'], {
      cwd: join(app, 'node_modules/mxdoctor'),
    });
    const scripts = JSON.parse(stdout) as Record<string, string>;
    for (const hook of ['preinstall', 'install', 'postinstall'])
      assert.equal(scripts[hook], undefined, `${hook} would run in every user's install`);
  });

  it('ships no test doubles and no sources', () => {
    const dist = readdirSync(join(app, 'node_modules/mxdoctor/dist'), { recursive: true }).map(String);
    assert.ok(dist.includes(join('bundle', 'entry.js')));
    assert.ok(dist.includes(join('lib', 'index.js')));
    assert.ok(dist.includes(join('types', 'index.d.ts')));
    assert.deepEqual(
      dist.filter((f) => /fake-zone|\.fixture\.|\.test\./.test(f)),
      [],
    );
  });

  it('the patched postal-mime travels inside the CLI bundle and the library', () => {
    const dist = join(app, 'node_modules/mxdoctor/dist');
    const bundle = readdirSync(join(dist, 'bundle')).filter((f) => f.endsWith('.js'));
    const patched = (file: string) => readFileSync(file, 'utf8').includes('partsToArrayBuffer');
    assert.ok(
      bundle.some((f) => patched(join(dist, 'bundle', f))),
      'the patch is not in dist/bundle',
    );
    assert.ok(patched(join(dist, 'lib', 'index.js')), 'the patch is not in dist/lib');
  });

  it('the library face type-checks from the package types', async () => {
    await run(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: app });
  });

  it('and runs', async () => {
    const { stdout } = await run(join(root, 'node_modules/.bin/tsx'), ['main.mts'], { cwd: app });
    const out = JSON.parse(stdout) as {
      bounce: boolean;
      reason: string;
      verdict: string;
      port: number;
      functions: string[];
    };
    assert.equal(out.bounce, true);
    assert.equal(out.reason, 'userunknown');
    assert.ok(['phishing', 'suspicious', 'clean'].includes(out.verdict), out.verdict);
    assert.equal(out.port, 25);
    assert.deepEqual(out.functions, ['function', 'function', 'function']);
  });

  it('the installed CLI runs', async () => {
    const { stdout } = await run(join(app, 'node_modules/.bin/mxdoctor'), ['--version'], { cwd: app });
    assert.match(stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
