/**
 * kill -9 mid-cycle and restart: history, state and the outbox survive, no alert is repeated,
 * and a pending alert is delivered later with the same idempotency key. The process is
 * test/integration/monitor-child.ts (createMonitor on a data folder), not yet `mxdoctor serve`.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { deliverDue } from '../../src/monitor/outbox.js';
import { openSqliteStore } from '../../src/monitor/store-sqlite.js';
import { ADDRESS, fixtureConfig, type MonitorFixture, startMonitorFixture } from './monitor-fixture.js';

let fx: MonitorFixture;
let dir: string;
const CHILD = new URL('./monitor-child.ts', import.meta.url).pathname;

before(async () => {
  fx = await startMonitorFixture();
  dir = mkdtempSync(join(tmpdir(), 'mxd-restart-'));
  writeFileSync(join(dir, 'serve.yaml'), fixtureConfig(fx));
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(fx.catalogJson));
});
after(async () => {
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Child {
  proc: ChildProcess;
  lines: string[];
  waitLine(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(): Child {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      CHILD,
      join(dir, 'serve.yaml'),
      join(dir, 'data'),
      String(fx.server.port),
      join(dir, 'catalog.json'),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  let rest = '';
  proc.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    proc,
    lines,
    exited,
    async waitLine(pattern, timeoutMs = 20_000) {
      const from = lines.length;
      const deadline = Date.now() + timeoutMs;
      while (!lines.slice(from).some((l) => pattern.test(l))) {
        if (Date.now() > deadline) throw new Error(`no line ${pattern} in:\n${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

const listedHooks = () =>
  fx.webhook.received.filter(
    (r) =>
      (r.body as { event: string }).event === 'listed' && (r.body as { target: string }).target === ADDRESS,
  );

test('kill -9 mid-cycle, restart: state, history and outbox intact, no alert repeated', async () => {
  const a = startChild();
  await a.waitLine(/^cycle done 1$/);
  await fx.webhook.waitFor(2);
  // The listing alert's first webhook delivery fails: it stays in the outbox for a retry.
  fx.webhook.script.push(500);
  await fx.setListed(ADDRESS, true);
  const deadline = Date.now() + 20_000;
  while (listedHooks().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(listedHooks().length, 1);
  await a.waitLine(/^cycle start/);
  await new Promise((r) => setTimeout(r, 150));
  a.proc.kill('SIGKILL');
  assert.equal((await a.exited).signal, 'SIGKILL');

  const b = startChild();
  await b.waitLine(/^cycle done 2$/, 30_000);
  b.proc.kill('SIGTERM');
  assert.equal((await b.exited).code, 0);

  assert.equal(listedHooks().length, 1, 'the listing was not alerted again');
  const firstScans = fx.webhook.received.filter((r) => (r.body as { event: string }).event === 'first-scan');
  assert.equal(
    firstScans.length,
    2,
    'first scans reported once (one per group), not again after the restart',
  );

  const store = openSqliteStore(join(dir, 'data'));
  try {
    const history = await store.history(ADDRESS, 10);
    assert.deepEqual(
      history.map((h) => h.event),
      ['listed'],
    );
    assert.equal((await store.listStates(ADDRESS))[0]?.status, 'listed');
    const later = new Date(Date.now() + 120_000);
    const due = await store.dueOutbox(later.toISOString(), 10);
    assert.equal(due.length, 1, 'the failed webhook delivery is still in the outbox');
    assert.equal(due[0]?.attempts, 1);
    assert.equal(due[0]?.lastError, 'HTTP 500');
    // Delivered later, with the same idempotency key as the failed attempt.
    const { fetchPoster, nodemailerSender } = await import('../../src/monitor/adapters.js');
    const channels = [{ kind: 'webhook' as const, url: fx.webhook.url }];
    const clock = { now: () => later, setTimeout: () => ({ cancel() {} }) };
    assert.equal(
      await deliverDue(store, { channels, post: fetchPoster, mail: nodemailerSender, clock, log: () => {} }),
      1,
    );
    const both = listedHooks();
    assert.equal(both.length, 2);
    assert.equal(both[0]?.headers['idempotency-key'], both[1]?.headers['idempotency-key']);
    assert.deepEqual(await store.dueOutbox(later.toISOString(), 10), []);
  } finally {
    await store.close();
  }
});
