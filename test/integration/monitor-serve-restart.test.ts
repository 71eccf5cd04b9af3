/**
 * The same kill -9 story through the real command: `mxdoctor serve` (src/cli/entry.ts) on a
 * config and a data folder, cycles started with POST /api/v1/cycle, the process killed with
 * SIGKILL in the middle of one, started again: no alert repeated, history and outbox intact.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openSqliteStore } from '../../src/monitor/store-sqlite.js';
import { ADDRESS, fixtureConfig, type MonitorFixture, startMonitorFixture } from './monitor-fixture.js';
import {
  AUTH as auth,
  type Serve,
  startServe as startServeIn,
  until as untilIn,
} from './monitor-serve-process.js';

let fx: MonitorFixture;
let dir: string;
/** What the serve processes said on stderr: shown when a wait times out. */
const serves: Serve[] = [];

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

async function startServe(): Promise<Serve> {
  const serve = await startServeIn(fx, dir);
  serves.push(serve);
  return serve;
}

const until = (check: () => boolean | Promise<boolean>, what: string) =>
  untilIn(check, what, () => `serve said:\n${serves.map((s) => s.log()).join('\n')}`);
const bodies = (event: string) =>
  fx.webhook.received.filter((r) => (r.body as { event: string }).event === event);

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
