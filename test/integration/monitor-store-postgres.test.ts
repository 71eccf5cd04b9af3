/**
 * The store conformance suite against the PostgreSQL store on a private server from the Debian
 * packages (test/helpers/postgres.ts), a database per store; then what only a shared database
 * has: one delivery leader among processes (taken over after kill -9), an all-or-nothing batch,
 * errors that name the database without its password.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, describe, test } from 'node:test';
import pg from 'pg';
import type { ChangeBatch, Store } from '../../src/monitor/ports.js';
import { runStoreConformance } from '../../src/monitor/store.conformance.js';
import { openPostgresStore } from '../../src/monitor/store-postgres.js';
import { freeTcpPort } from '../helpers/mta-common.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres.js';

let server: Promise<PostgresServer> | null = null;
const pgServer = () => {
  server ??= startPostgres();
  return server;
};
after(async () => {
  if (server) await (await server).stop();
});

const urls = new WeakMap<Store, string>();
let n = 0;

async function freshDatabase(): Promise<string> {
  return (await pgServer()).createDatabase(`store_${process.pid}_${n++}`);
}

runStoreConformance('postgres', {
  async open() {
    const url = await freshDatabase();
    const store = await openPostgresStore(url);
    urls.set(store, url);
    return store;
  },
  async reopen(store) {
    const url = urls.get(store)!;
    await store.close();
    const again = await openPostgresStore(url);
    urls.set(again, url);
    return again;
  },
});

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';

function listedBatch(key: string): ChangeBatch {
  const detail = {
    kind: 'listed' as const,
    target: '192.0.2.1',
    group: 'default',
    zone: 'bl.test',
    listName: null,
    address: '192.0.2.1',
    codes: ['127.0.0.2'],
    meaning: null,
    txt: null,
    delist: null,
    policy: null,
    summary: '',
  };
  return {
    upserts: [
      {
        target: '192.0.2.1',
        zone: 'bl.test',
        name: '1.2.0.192.bl.test',
        status: 'listed',
        codes: ['127.0.0.2'],
        txt: null,
        since: T0,
        reason: null,
      },
    ],
    deletes: [],
    events: [
      {
        key,
        target: '192.0.2.1',
        zone: 'bl.test',
        name: '1.2.0.192.bl.test',
        event: 'listed',
        at: T0,
        codes: ['127.0.0.2'],
        txt: null,
        detail,
        damped: false,
      },
    ],
    channels: ['webhook:0'],
    hold: false,
    firstScans: [],
    records: [],
  };
}

describe('postgres store on a shared database', () => {
  test('a batch is all or nothing: a bad row at the end leaves no state, event or outbox row', async () => {
    const store = await openPostgresStore(await freshDatabase());
    try {
      const bad = {
        ...listedBatch('k1'),
        probes: [{ target: '192.0.2.1', host: 'mx.test', at: 'not a time', verdict: null }],
      };
      await assert.rejects(store.apply(bad));
      assert.deepEqual(await store.listStates(), []);
      assert.deepEqual(await store.history('192.0.2.1', 5), []);
      assert.deepEqual(await store.dueOutbox(T1, 10), []);
      await store.apply(listedBatch('k1'));
      assert.equal((await store.dueOutbox(T1, 10)).length, 1);
    } finally {
      await store.close();
    }
  });

  test('two stores on one database: one delivers, the other sees no due rows until the first closes', async () => {
    const url = await freshDatabase();
    const a = await openPostgresStore(url);
    const b = await openPostgresStore(url);
    try {
      await b.apply(listedBatch('k1'));
      assert.equal((await a.dueOutbox(T1, 10)).length, 1, 'the first to look leads');
      assert.deepEqual(await b.dueOutbox(T1, 10), []);
      assert.deepEqual(await b.heldOutbox(), []);
      await a.close();
      assert.equal((await b.dueOutbox(T1, 10)).length, 1, 'the lead passes on');
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('the delivery leader killed with SIGKILL: its lock goes with its session, another process takes over', async () => {
    const url = await freshDatabase();
    const b = await openPostgresStore(url);
    // A child process that takes the lead, says so, and waits to be killed.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { openPostgresStore } from ${JSON.stringify(new URL('../../src/monitor/store-postgres.ts', import.meta.url).pathname)};
         const s = await openPostgresStore(process.env.URL);
         await s.dueOutbox(new Date().toISOString(), 1);
         process.stdout.write('leading\\n');
         setInterval(() => {}, 1000);`,
      ],
      { env: { ...process.env, URL: url }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('leading') && resolve());
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      await b.apply(listedBatch('k1'));
      assert.deepEqual(await b.dueOutbox(T1, 10), [], 'the child leads');
      child.kill('SIGKILL');
      const deadline = Date.now() + 10_000;
      let due = 0;
      while (Date.now() < deadline && due === 0) {
        due = (await b.dueOutbox(T1, 10)).length;
        if (due === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(due, 1);
    } finally {
      child.kill('SIGKILL');
      await b.close();
    }
  });

  test('a digest released twice (two processes, the same held rows): one digest', async () => {
    const url = await freshDatabase();
    const a = await openPostgresStore(url);
    const b = await openPostgresStore(url);
    try {
      await a.apply({ ...listedBatch('k1'), hold: true });
      const held = (await a.heldOutbox()).map((h) => h.id);
      assert.equal(held.length, 1);
      const digest = (key: string) => ({
        ...listedBatch(key).events[0]!,
        key,
        event: 'digest' as const,
        at: T1,
      });
      await a.releaseDigest(held, digest('digest|a'), ['webhook:0']);
      await b.releaseDigest(held, digest('digest|b'), ['webhook:0']);
      assert.deepEqual(
        (await a.dueOutbox(T1, 10)).map((o) => o.key),
        ['digest|a|webhook:0'],
      );
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('two processes syncing the same config at once: each target added once, by one of them', async () => {
    const url = await freshDatabase();
    const a = await openPostgresStore(url);
    const b = await openPostgresStore(url);
    try {
      const wanted = Array.from({ length: 50 }, (_, i) => ({
        target: `192.0.2.${i}`,
        group: 'g',
        kind: 'ip' as const,
        addedAt: T0,
        firstScanAt: null,
        name: null,
        source: 'config' as const,
      }));
      const [ra, rb] = await Promise.all([a.syncConfigTargets(wanted), b.syncConfigTargets(wanted)]);
      assert.deepEqual([...ra.added, ...rb.added].sort(), wanted.map((w) => w.target).sort());
      assert.equal((await a.listTargets()).length, 50);
    } finally {
      await a.close();
      await b.close();
    }
  });

  test('two processes migrating one empty database at once: both open, one schema', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openPostgresStore(url), openPostgresStore(url)]);
    await a.close();
    await b.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT version FROM mxdoctor_migrations ORDER BY version');
    await client.end();
    assert.deepEqual(
      rows.map((r) => r.version),
      [1],
    );
  });

  test('errors name the database without the password', async () => {
    const { password } = await pgServer();
    const closed = await freeTcpPort();
    const refused = `postgres://mxdoctor:${password}@127.0.0.1:${closed}/x`;
    await assert.rejects(openPostgresStore(refused), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'io');
      assert.match(error.message, /connection refused/);
      assert.match(error.message, /mxdoctor:\*\*\*@127\.0\.0\.1/);
      assert.ok(!error.message.includes(password));
      return true;
    });
    const wrong = (await pgServer()).url('postgres').replace(password, 'wrong-password');
    await assert.rejects(openPostgresStore(wrong), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'io');
      assert.match(error.message, /password authentication failed/);
      assert.ok(!error.message.includes('wrong-password'));
      return true;
    });
    await assert.rejects(
      openPostgresStore(`mysql://u:${password}@h/db`),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'usage');
        assert.ok(!error.message.includes(password));
        return true;
      },
    );
  });
});
