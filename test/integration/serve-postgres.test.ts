/**
 * `mxdoctor serve` on a PostgreSQL store (a private server from the Debian packages): the real
 * command with `store:` in its config, killed with SIGKILL and started again (no alert repeated);
 * a bad URL, an unreachable database and a wrong password refused in one line without the
 * password or a stack trace.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pgClient from 'pg';
import { freeTcpPort } from '../helpers/mta-common.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres.js';
import {
  ADDRESS,
  fixtureConfig,
  type MonitorFixture,
  startMonitorFixture,
  WATCH,
} from './monitor-fixture.js';
import { AUTH, type Serve, startServe, until as untilIn } from './monitor-serve-process.js';

const ENTRY = new URL('../../src/cli/entry.ts', import.meta.url).pathname;
let fx: MonitorFixture;
let pg: PostgresServer;
let root: string;
const serves: Serve[] = [];

before(async () => {
  [fx, pg] = await Promise.all([startMonitorFixture(), startPostgres()]);
  root = mkdtempSync(join(tmpdir(), 'mxd-serve-pg-'));
});
after(async () => {
  for (const s of serves) s.proc.kill('SIGKILL');
  await Promise.all([fx?.stop(), pg?.stop()]);
  rmSync(root, { recursive: true, force: true });
});

/** A folder with serve.yaml (the fixture's config plus `store:`) and catalog.json. */
function folder(name: string, url: string, extra = ''): string {
  const real = mkdtempSync(join(root, `${name}-`));
  writeFileSync(join(real, 'serve.yaml'), fixtureConfig(fx, `store: "${url}"\n${extra}`));
  writeFileSync(join(real, 'catalog.json'), JSON.stringify(fx.catalogJson));
  return real;
}

async function serveIn(dir: string): Promise<Serve> {
  const s = await startServe(fx, dir);
  serves.push(s);
  return s;
}

const until = (check: () => boolean | Promise<boolean>, what: string) =>
  untilIn(check, what, () => `serve said:\n${serves.map((s) => s.log()).join('\n')}`);
const bodies = (event: string) =>
  fx.webhook.received.filter((r) => (r.body as { event: string }).event === event);

test('serve on PostgreSQL: alerts once, kill -9 mid-cycle and restart repeat none, history kept', async () => {
  fx.webhook.received.length = 0;
  const url = await pg.createDatabase('serve_single');
  const dir = folder('single', url);
  const a = await serveIn(dir);
  await until(() => bodies('first-scan').length === 2, 'the first-scan reports');
  await fx.setListed(ADDRESS, true);
  const cycle = await fetch(`${a.url}/api/v1/cycle?wait=1`, { method: 'POST', headers: AUTH });
  assert.equal(cycle.status, 200);
  await until(() => bodies('listed').length === 1, 'the listing alert');
  // Another cycle, killed while it waits on the dead zone's timeouts (its group's lock held).
  void fetch(`${a.url}/api/v1/cycle`, { method: 'POST', headers: AUTH }).catch(() => {});
  await new Promise((r) => setTimeout(r, 250));
  a.proc.kill('SIGKILL');
  assert.equal((await a.exited).signal, 'SIGKILL');

  const b = await serveIn(dir);
  const again = await fetch(`${b.url}/api/v1/cycle?wait=1`, { method: 'POST', headers: AUTH });
  assert.equal(again.status, 200);
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
  assert.equal(bodies('first-scan').length, 2);
  assert.ok(!`${a.log()}${b.log()}`.includes(pg.password), 'the password is never logged');
  await fx.setListed(ADDRESS, false);
});

/** Runs serve with these arguments until it exits; its exit code and stderr. */
function serveExit(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ENTRY, 'serve', '--listen', '127.0.0.1:0', '--data', join(root, 'err'), ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, MXDOCTOR_TOKEN: 'test-token-0123456789abcdef' },
    },
  );
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stderr })));
}

test('serve --store: a bad URL, an unreachable database, a wrong password: one line, exit 2, no password', async () => {
  const closed = await freeTcpPort();
  const cases = [
    { url: 'mysql://mx:hunter2secret@127.0.0.1/x', says: /not a postgres:\/\/ URL/ },
    { url: `postgres://mx:hunter2secret@127.0.0.1:${closed}/x`, says: /connection refused/ },
    {
      url: pg.url('postgres').replace(pg.password, 'hunter2secret'),
      says: /password authentication failed/,
    },
  ];
  for (const c of cases) {
    const { code, stderr } = await serveExit(['--store', c.url]);
    assert.equal(code, 2, stderr);
    assert.match(stderr, c.says);
    assert.match(stderr, /mx(doctor)?:\*\*\*@127\.0\.0\.1/);
    assert.ok(!stderr.includes('hunter2secret'), stderr);
    assert.equal(stderr.trim().split('\n').length, 1, `one line, no stack trace:\n${stderr}`);
  }
});

test('two serve processes on one database: one cycle per due group, one alert per change', async () => {
  fx.webhook.received.length = 0;
  const url = await pg.createDatabase('serve_shared');
  const yaml = `jitter: 0
store: "${url}"
groups:
  - name: fast
    interval: 10s
    zones: [${WATCH}]
    targets: [${ADDRESS}, 192.0.2.61]
  - name: other
    interval: 10s
    zones: [${WATCH}]
    targets: [192.0.2.62]
alerts:
  - type: webhook
    url: ${fx.webhook.url}
`;
  const dirs = [mkdtempSync(join(root, 'shared-a-')), mkdtempSync(join(root, 'shared-b-'))];
  for (const d of dirs) {
    writeFileSync(join(d, 'serve.yaml'), yaml);
    writeFileSync(join(d, 'catalog.json'), JSON.stringify(fx.catalogJson));
  }
  const [a, b] = await Promise.all(dirs.map((d) => serveIn(d)));
  await until(() => bodies('first-scan').length >= 2, 'the first-scan reports');
  await fx.setListed(ADDRESS, true);
  await until(() => bodies('listed').length >= 1, 'the listing alert');
  // Another round of both groups: nothing may be repeated.
  await new Promise((r) => setTimeout(r, 12_000));
  // Each process's API shows the listing, whichever process ran the cycle that found it.
  for (const s of [a!, b!]) {
    const state = async () => {
      const view = (await (await fetch(`${s.url}/api/v1/targets`)).json()) as {
        target: string;
        state: string;
      }[];
      return view.find((v) => v.target === ADDRESS)?.state;
    };
    await until(async () => (await state()) === 'listed', `${s.url} to show the listing`);
  }
  for (const s of [a!, b!]) s.proc.kill('SIGTERM');
  const exits = await Promise.all([a!.exited, b!.exited]);
  assert.deepEqual(
    exits.map((e) => e.code),
    [0, 0],
  );
  await fx.setListed(ADDRESS, false);

  const logs = `${a!.log()}${b!.log()}`;
  assert.doesNotMatch(logs, /job queue|cycle lock/, 'no queue errors');
  assert.equal(bodies('first-scan').length, 2, 'one first-scan report per group');
  assert.equal(bodies('listed').length, 1, 'the listing alerted once');
  const client = new pgClient.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ grp: string; started_at: Date }>(
    'SELECT grp, started_at FROM cycles ORDER BY grp, started_at',
  );
  await client.end();
  for (const group of ['fast', 'other']) {
    const starts = rows.filter((r) => r.grp === group).map((r) => r.started_at.getTime());
    assert.ok(starts.length >= 3, `${group}: ${starts.length} cycles`);
    for (let i = 1; i < starts.length; i++)
      assert.ok(
        starts[i]! - starts[i - 1]! >= 5000,
        `${group}: two cycles ${starts[i]! - starts[i - 1]!} ms apart (one per due time expected)`,
      );
  }
  // Each cycle row is a cycle one of the processes ran (SIGTERM may abandon one per group in flight).
  const ran = [a!, b!].map((s) => (s.log().match(/cycle (fast|other):/g) ?? []).length);
  const total = ran[0]! + ran[1]!;
  assert.ok(
    total <= rows.length && total >= rows.length - 2,
    `cycles logged ${ran.join(' + ')}, rows ${rows.length}`,
  );
});
