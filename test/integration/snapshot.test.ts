/**
 * The start-up snapshot of phish and bounce (src/cli/snapshot.ts, dist/snapshot/cli.blob), run
 * for real: the build must have written it for this node, and a command started from it must
 * print exactly what the same command prints from dist/bundle (the code is the same; what could
 * differ is state frozen at build time: the working folder, the environment, the worker start).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleUrlFromExecArgv } from '../../src/cli/snapshot.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const BLOB = join(ROOT, 'dist/snapshot/cli.blob');
const ENTRY = join(ROOT, 'dist/bundle/entry.js');
const PHISH = join(ROOT, 'test/fixtures/phish');
const BOUNCE = join(ROOT, 'test/fixtures/bounce');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(
  from: 'snapshot' | 'bundle',
  args: string[],
  options: { cwd?: string; input?: string } = {},
): Run {
  const nodeArgs = from === 'snapshot' ? ['--snapshot-blob', BLOB, ...args] : [ENTRY, ...args];
  const r = spawnSync(process.execPath, nodeArgs, {
    encoding: 'utf8',
    cwd: options.cwd ?? ROOT,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function assertSame(args: string[], options: { cwd?: string; input?: string } = {}): Run {
  const fromSnapshot = run('snapshot', args, options);
  const fromBundle = run('bundle', args, options);
  assert.deepEqual(fromSnapshot, fromBundle, args.join(' '));
  return fromSnapshot;
}

/** A folder of `count` copies of the bounce samples, in name order. */
function bounceFolder(folder: string, count: number): string {
  mkdirSync(folder);
  const files = readdirSync(BOUNCE).filter((n) => n.endsWith('.eml'));
  for (let i = 0; i < count; i++) {
    const name = files[i % files.length]!;
    copyFileSync(join(BOUNCE, name), join(folder, `${String(i).padStart(4, '0')}-${name}`));
  }
  return folder;
}

/** The command lines (NUL-separated, /proc) of the children of `parent` that are message workers. */
function workerProcesses(parent: number): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const ppid = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (Number(ppid) !== parent) continue;
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('mxdoctor-message-worker')) found.push(cmdline);
    } catch {
      // The process ended meanwhile.
    }
  }
  return found;
}

describe('start-up snapshot of phish and bounce', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mxd-snapshot-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the build wrote it for this node (path, size, mtime)', () => {
    assert.ok(statSync(BLOB).size > 1_000_000);
    const node = statSync(process.execPath);
    const recorded = readFileSync(join(ROOT, 'dist/snapshot/node-binary'), 'utf8').trim();
    assert.equal(recorded, `${process.execPath} ${node.size} ${Math.floor(node.mtimeMs / 1000)}`);
  });

  it('phish: each sample file, JSON and text, same output and exit code', () => {
    for (const name of readdirSync(PHISH).filter((n) => n.endsWith('.eml'))) {
      const json = assertSame(['phish', '--json', join(PHISH, name)]);
      assert.match(json.stdout, /"verdict":"(phishing|suspicious|clean)"/);
      assertSame(['phish', join(PHISH, name)]);
    }
  });

  it('phish: the seed "critical update" mail is phishing from the snapshot too', () => {
    const r = run('snapshot', ['phish', '--json', join(PHISH, 'seed-microsoft-update.eml')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /"verdict":"phishing"/);
  });

  it('bounce over a folder big enough for worker processes: same lines, same order', () => {
    const folder = bounceFolder(join(dir, 'bounces'), 200);
    const r = assertSame(['bounce', '--json', folder]);
    assert.equal(r.stdout.trim().split('\n').length >= 200, true);
  });

  it('bounce over a big folder starts its workers as processes from the same blob', async () => {
    // The pool wants a core for the main thread and one per worker: on one core this test would
    // prove nothing, so it says so instead of passing.
    assert.ok(availableParallelism() >= 2, 'needs 2 cores to start a worker');
    const folder = bounceFolder(join(dir, 'bounces-big'), 1500);
    const child = spawn(process.execPath, ['--snapshot-blob', BLOB, 'bounce', '--json', folder], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const seen = new Set<string>();
    const exited = once(child, 'exit');
    let done = false;
    void exited.then(() => {
      done = true;
    });
    while (!done) {
      for (const line of workerProcesses(child.pid!)) seen.add(line);
      await new Promise((r) => setTimeout(r, 5));
    }
    const [code] = await exited;
    assert.equal(code, 1, 'exit 1: bounces found, as from the bundle');
    assert.ok(seen.size >= 1, 'no worker process was seen');
    for (const line of seen) assert.match(line, /--snapshot-blob\0[^\0]*cli\.blob\0mxdoctor-message-worker/);
  });

  it('paths are read from where the process starts, not where the snapshot was built', () => {
    const file = join(PHISH, 'brand-sender.eml');
    const r = assertSame(['phish', '--json', relative(dir, file)], { cwd: dir });
    assert.match(r.stdout, /"verdict":/);
  });

  it('standard input and bad usage behave the same', () => {
    const input = readFileSync(join(BOUNCE, 'lhost-exim-01.eml'), 'utf8');
    assert.match(assertSame(['bounce', '--json', '-'], { input }).stdout, /"isBounce":true/);
    assert.equal(assertSame(['phish', '--no-such-flag']).status, 2);
    assert.equal(assertSame(['bounce', join(dir, 'missing.eml')]).status, 2);
  });
});

describe('bundleUrlFromExecArgv', () => {
  it('finds the bundle beside the blob, in either option form', () => {
    assert.equal(
      bundleUrlFromExecArgv(['--snapshot-blob', '/opt/mxd/dist/snapshot/cli.blob']),
      'file:///opt/mxd/dist/bundle/entry.js',
    );
    assert.equal(
      bundleUrlFromExecArgv(['--max-old-space-size=100', '--snapshot-blob=/x/dist/snapshot/cli.blob']),
      'file:///x/dist/bundle/entry.js',
    );
    assert.equal(bundleUrlFromExecArgv(['--max-old-space-size=100']), undefined);
  });
});
