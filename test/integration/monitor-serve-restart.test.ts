/**
 * The same kill -9 story through the real command: `mxdoctor serve` (src/cli/entry.ts) on a
 * config and a data folder, cycles started with POST /api/v1/cycle, the process killed with
 * SIGKILL in the middle of one, started again: no alert repeated, history and outbox intact.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteStore } from '../../src/monitor/store-sqlite.js';
import { ADDRESS, fixtureConfig, type MonitorFixture, startMonitorFixture } from './monitor-fixture.js';

const ENTRY = new URL('../../src/cli/entry.ts', import.meta.url).pathname;
const TOKEN = 'test-token-0123456789abcdef';
let fx: MonitorFixture;
/** What the serve processes said on stderr: shown when a wait times out. */
let serveLog = '';
let dir: string;

before(async () => {
  fx = await startMonitorFixture();
  dir = mkdtempSync(join(tmpdir(), 'mxd-serve-restart-'));
  writeFileSync(join(dir, 'serve.yaml'), fixtureConfig(fx));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(fx.catalogJson));
});
after(async () => {
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Serve {
  proc: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startServe(): Promise<Serve> {
  const args = [
    '--import',
    'tsx',
    ENTRY,
    'serve',
    '--config',
    join(dir, 'serve.yaml'),
    '--data',
    join(dir, 'data'),
  ];
  args.push('--resolver', `127.0.0.1:${fx.server.port}`, '--catalog', join(dir, 'catalog.json'));
  args.push('--timeout', '300', '--listen', '127.0.0.1:0', '--json');
  const proc = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MXDOCTOR_TOKEN: TOKEN },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let out = '';
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
    serveLog += c.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    void exited.then(() => reject(new Error(`serve exited early:\n${out}\n${err}`)));
  });
  return { proc, url: url.replace(/\/$/, ''), exited };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const bodies = (event: string) =>
  fx.webhook.received.filter((r) => (r.body as { event: string }).event === event);

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; serve said:\n${serveLog}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('mxdoctor serve: kill -9 mid-cycle and restart, no alert repeated, history and outbox intact', async () => {
  const a = await startServe();
  await until(() => bodies('first-scan').length === 2, 'the first-scan reports');
  fx.webhook.script.push(500);
  await fx.setListed(ADDRESS, true);
  const cycle = await fetch(`${a.url}/api/v1/cycle?wait=1`, { method: 'POST', headers: auth });
  assert.equal(cycle.status, 200);
  await until(() => bodies('listed').length === 1, 'the listing alert');
  // Another cycle, killed while it waits on the dead zone's timeouts.
  void fetch(`${a.url}/api/v1/cycle`, { method: 'POST', headers: auth }).catch(() => {});
  await new Promise((r) => setTimeout(r, 250));
  a.proc.kill('SIGKILL');
  assert.equal((await a.exited).signal, 'SIGKILL');

  const b = await startServe();
  const done = await fetch(`${b.url}/api/v1/cycle?wait=1`, { method: 'POST', headers: auth });
  assert.equal(done.status, 200);
  const view = (await (await fetch(`${b.url}/api/v1/targets`)).json()) as { target: string; state: string }[];
  assert.equal(view.find((v) => v.target === ADDRESS)?.state, 'listed');
  const history = (await (await fetch(`${b.url}/api/v1/targets/${ADDRESS}/history`)).json()) as {
    event: string;
  }[];
  assert.deepEqual(
    history.map((h) => h.event),
    ['listed'],
  );
  b.proc.kill('SIGTERM');
  assert.equal((await b.exited).code, 0);

  assert.equal(bodies('listed').length, 1, 'the listing was not alerted again');
  assert.equal(bodies('first-scan').length, 2, JSON.stringify(bodies('first-scan').map((r) => r.body)));
  const store = openSqliteStore(join(dir, 'data'));
  try {
    const due = await store.dueOutbox(new Date(Date.now() + 120_000).toISOString(), 10);
    assert.equal(due.length, 1, 'the failed webhook delivery waits in the outbox');
    assert.equal(due[0]?.lastError, 'HTTP 500');
  } finally {
    await store.close();
  }
});
