/**
 * The shared cycle queue (pg-boss 10 on a private PostgreSQL) seen from two "processes" (two
 * queues on one database): the per-group lock excludes, waits or declines; jobs of one group
 * sent by both never run at the same time, and each send is served.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { type CycleQueue, openCycleQueue } from '../../src/monitor/cycle-queue.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres.js';

let server: PostgresServer;
let a: CycleQueue;
let b: CycleQueue;
const logs: string[] = [];

before(async () => {
  server = await startPostgres();
  const url = await server.createDatabase('queue');
  // Opened together: pg-boss's schema is created once (two at once deadlocked before the set-up lock).
  [a, b] = await Promise.all([
    openCycleQueue(url, (l) => logs.push(l)),
    openCycleQueue(url, (l) => logs.push(l)),
  ]);
});
after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await server?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the group lock: a second holder is declined or waits; another group is free', async () => {
  const order: string[] = [];
  const first = a.exclusive('g', false, async () => {
    order.push('a start');
    await sleep(500);
    order.push('a end');
    return 'a';
  });
  await sleep(100);
  assert.equal(await b.exclusive('g', false, async () => 'b'), null, 'declined while a holds it');
  assert.equal(await b.exclusive('h', false, async () => 'h'), 'h', 'another group is free');
  const waited = b.exclusive('g', true, async () => {
    order.push('b start');
    return 'b';
  });
  assert.equal(await first, 'a');
  assert.equal(await waited, 'b');
  assert.deepEqual(order, ['a start', 'a end', 'b start']);
});

test('jobs: a group sent by both processes runs in one at a time, and every send is served', async () => {
  let running = 0;
  let overlap = false;
  const runs: string[] = [];
  const handler = (who: string) => async (group: string) => {
    running++;
    if (running > 1) overlap = true;
    runs.push(`${who}:${group}`);
    await sleep(300);
    running--;
  };
  await Promise.all([a.start(handler('a')), b.start(handler('b'))]);
  await Promise.all([a.submit('g'), b.submit('g')]);
  const deadline = Date.now() + 15_000;
  while (runs.length === 0 && Date.now() < deadline) await sleep(50);
  // Anything still queued behind the first run gets its turn within a poll or two.
  await sleep(3000);
  assert.ok(runs.length >= 1 && runs.length <= 2, runs.join(', '));
  assert.equal(overlap, false, `overlapping runs: ${runs.join(', ')}`);
  assert.deepEqual(logs, [], 'no queue errors');
});

test('a process killed with SIGKILL while running a group job: the job expires and another process runs the group', async () => {
  const url = await server.createDatabase('queue_kill');
  const timing = { jobExpireS: 2, maintenanceS: 1 };
  const module = new URL('../../src/monitor/cycle-queue.ts', import.meta.url).pathname;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `import { openCycleQueue } from ${JSON.stringify(module)};
       const q = await openCycleQueue(process.env.URL, () => {}, ${JSON.stringify(timing)});
       await q.start(async (group) => { process.stdout.write('running ' + group + '\\n'); await new Promise(() => {}); });
       process.stdout.write('ready\\n');`,
    ],
    { env: { ...process.env, URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let said = '';
  child.stdout.on('data', (d: Buffer) => {
    said += d.toString();
  });
  const until = async (what: () => boolean, label: string) => {
    const deadline = Date.now() + 20_000;
    while (!what()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${label} (child said: ${said})`);
      await sleep(50);
    }
  };
  const other = await openCycleQueue(url, (l) => logs.push(l), timing);
  try {
    await until(() => said.includes('ready'), 'the child to start');
    await other.submit('k');
    await until(() => said.includes('running k'), 'the child to take the job');
    child.kill('SIGKILL');
    const ran: string[] = [];
    await other.start(async (group) => {
      ran.push(group);
    });
    await other.submit('k');
    await until(() => ran.length > 0, 'the group to run in the other process');
    assert.deepEqual(ran, ['k']);
  } finally {
    child.kill('SIGKILL');
    await other.stop();
  }
});
