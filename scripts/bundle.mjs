// The one build output (`npm run build`): dist/bundle holds the CLI (entry.js, run by
// bin/mxdoctor) with one chunk per command (esbuild code splitting), so a command loads a
// handful of files instead of dozens of modules, as start-up is most of a single probe's wall
// time; dist/lib/index.js is the library (package.json `exports`); dist/types its declarations
// (tsc, tsconfig.build.json). npm packages stay external, loaded from node_modules, except the
// ones inlined below.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, buildSync } from 'esbuild';

// Pure-JS parsers of the message commands go into their chunks: loaded from node_modules, tldts
// and confusables (CommonJS) cost a cjs-module-lexer pass and every package a resolution on each
// run (a third of one `phish` file's wall time). The ESM builds are taken (mainFields).
// postal-mime is also patched (patches/, patch-package in the checkout): inlined, the patched
// code is what ships, and an installed mxdoctor needs no patch step of its own.
const INLINE = new Set([
  'tldts',
  'tldts-core',
  'confusables',
  'htmlparser2',
  'entities',
  'postal-mime',
  'picocolors',
  'ipaddr.js',
]);
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));

// `--cli-only --outdir DIR`: the CLI alone, built exactly as below, into DIR (bench:bounce times
// what users run without touching dist/).
const { values: args } = parseArgs({
  options: { 'cli-only': { type: 'boolean' }, outdir: { type: 'string', default: 'dist/bundle' } },
});

// Chunk names carry content hashes: clear the old ones so stale chunks do not pile up.
rmSync(args.outdir, { recursive: true, force: true });

// The patched file must be what esbuild inlines: a build from an unpatched tree fails loudly.
if (
  !readFileSync('node_modules/postal-mime/dist/esm/decode-strings.js', 'utf8').includes('partsToArrayBuffer')
)
  throw new Error('postal-mime is not patched: run `npx patch-package` before building');

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: Object.keys(dependencies).filter((name) => !INLINE.has(name)),
  mainFields: ['module', 'main'],
  logLevel: 'warning',
};

// The CLI: one chunk per command. Built apart from the library, because an entry that imports
// every capability would make esbuild cut the commands' code into twice as many shared chunks
// (check: 20 files loaded instead of 11).
// message-worker.js: the worker thread of `phish` and `bounce` over many messages (message-pool.ts finds
// it beside the command's chunk, and shares its chunks). check-worker.js: the thread that runs the
// DNS half of `serve`'s cycles (src/monitor/check-client.ts finds it the same way).
await build({
  ...common,
  entryPoints: {
    entry: 'src/cli/entry.ts',
    'message-worker': 'src/cli/message-worker.ts',
    'check-worker': 'src/monitor/check-worker.ts',
  },
  outdir: args.outdir,
  splitting: true,
});
buildSnapshot(join(dirname(args.outdir), 'snapshot'));
if (args['cli-only']) process.exit(0);

// The library (package.json `exports`): one module, as a library user imports all of it anyway.
rmSync('dist/lib', { recursive: true, force: true });
await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/lib/index.js' });

// The declarations tsc wrote (dist/types) import the JSON data files some exported types are
// derived from (`typeof rules`): copy those files beside them, or a user's tsc cannot resolve them.
const types = new URL('../dist/types/', import.meta.url);
for (const file of readdirSync(types, { recursive: true })) {
  if (!String(file).endsWith('.d.ts')) continue;
  const text = readFileSync(new URL(String(file), types), 'utf8');
  for (const [, json] of text.matchAll(/from '(\.{1,2}\/[^']+\.json)'/g)) {
    const relative = join(dirname(String(file)), json);
    copyFileSync(new URL(relative, new URL('../src/', import.meta.url)), new URL(relative, types));
  }
}

/**
 * The start-up snapshot of `phish` and `bounce` (src/cli/snapshot.ts says why): the CLI bundled
 * as one script with every pure-JS package inlined (a snapshot's script can require
 * only Node's own modules), then `node --build-snapshot`, warmed on the project's sample
 * messages. bin/mxdoctor uses the blob only when `node-binary` still names the node it was built
 * by (a blob is tied to one Node build; another crashes at start); otherwise, or when this step
 * fails, the commands start from dist/bundle as before. The blob is written under a temporary
 * name and renamed, so a launcher never meets half of one.
 */
function buildSnapshot(dir) {
  rmSync(dir, { recursive: true, force: true });
  const script = join(dir, 'cli.cjs');
  const blob = join(dir, 'cli.blob');
  const serverOnly = [
    'better-sqlite3',
    'pg',
    'pg-boss',
    '@hono/node-server',
    'hono',
    'htmx.org',
    'nodemailer',
  ];
  try {
    buildSync({
      ...common,
      // A script, not a module: the snapshot builder defines no `module` or `exports`.
      format: 'iife',
      entryPoints: ['src/cli/snapshot.ts'],
      outfile: script,
      external: serverOnly,
      define: { 'import.meta.url': 'globalThis.__mxdoctorModuleUrl' },
      // Without comments and indentation: the script's source is kept in the blob, and one
      // character past Latin-1 in a comment ("—") made V8 hold all of it as a two-byte string
      // (3.0 MB of a 10.1 MB blob; now 8.1 MB, and a one-file run starts 10-20 ms sooner).
      // Kept readable when the script is kept for profiling.
      minifyWhitespace: !process.env.MXDOCTOR_KEEP_SNAPSHOT_SCRIPT,
      // import.meta.resolve is used only when `serve` runs from the sources (check-client.ts).
      logLevel: 'error',
    });
  } catch (error) {
    return snapshotFailed(dir, `esbuild failed: ${error.message}`);
  }
  // One character past Latin-1 in the code (a regular expression's ’: write \u2019) makes V8 keep
  // the whole source as a two-byte string in the blob, a megabyte more to load on every run.
  const wide = /[\u0100-\uffff]/.exec(readFileSync(script, 'utf8'));
  if (wide && !process.env.MXDOCTOR_KEEP_SNAPSHOT_SCRIPT)
    process.stderr.write(
      `bundle: warning: the snapshot script holds ${JSON.stringify(wide[0])} (write it as an escape): the blob doubles its source\n`,
    );
  const samples = ['test/fixtures/phish', 'test/fixtures/bounce', 'corpora/phish-modern/dev'].filter((d) =>
    existsSync(d),
  );
  const run = spawnSync(process.execPath, ['--snapshot-blob', `${blob}.tmp`, '--build-snapshot', script], {
    env: { ...process.env, MXDOCTOR_SNAPSHOT_SAMPLES: samples.join(':') },
    encoding: 'utf8',
  });
  if (run.status !== 0 || !existsSync(`${blob}.tmp`))
    return snapshotFailed(
      dir,
      `node --build-snapshot ended with ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`,
    );
  renameSync(`${blob}.tmp`, blob);
  // Kept on request only: a CPU profile of a snapshot run names its lines (docs/architecture.md).
  if (!process.env.MXDOCTOR_KEEP_SNAPSHOT_SCRIPT) rmSync(script);
  // What the launcher compares with the node it is about to run: its path, size and mtime.
  const node = statSync(process.execPath);
  writeFileSync(
    join(dir, 'node-binary'),
    `${process.execPath} ${node.size} ${Math.floor(node.mtimeMs / 1000)}\n`,
  );
}

function snapshotFailed(dir, why) {
  rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bundle: no start-up snapshot (${why}); phish and bounce start from dist/bundle\n`);
}
