/**
 * The cycle's DNS work on a worker thread (src/monitor/check-worker.ts, started from the sources
 * through test/helpers/tsx-worker.mjs) against rbldnsd: the same events, views and alerts as the
 * same cycles in-process; none of the blocklist queries go out from the calling thread; the
 * API answers from memory while a cycle runs; stop() during a worker cycle abandons it unwritten.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseCatalog } from '../../src/check/index.js';
import type { DnsOutcome, RecordMap, RecordType, Resolver } from '../../src/dns/index.js';
import { createApp } from '../../src/http/app.js';
import type { Tools } from '../../src/http/tools.js';
import {
  createMemoryStore,
  createMonitor,
  type Monitor,
  parseMonitorConfig,
} from '../../src/monitor/index.js';
import type { Clock, Store, StoredEvent } from '../../src/monitor/ports.js';
import { startRbldnsd } from '../helpers/rbldnsd.js';
import { ipZone } from '../helpers/zones.js';
import {
  ADDRESS,
  ADDRESS3,
  DOMAIN,
  fixtureConfig,
  type MonitorFixture,
  startMonitorFixture,
} from './monitor-fixture.js';

const workerScript = new URL('../helpers/tsx-worker.mjs', import.meta.url);
const tsxScript = new URL('../../src/monitor/check-worker.ts', import.meta.url).href;

/** Time stands still (and moves when told): both monitors' events then carry the same keys. */
function fixedClock(): Clock & { advance(ms: number): void } {
  let now = Date.parse('2026-06-01T00:00:00Z');
  return {
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    setTimeout(fn, ms) {
      const timer = setTimeout(fn, ms);
      timer.unref();
      return { cancel: () => clearTimeout(timer) };
    },
  };
}

/** The fixture's resolver, counting the queries that go to blocklist zones from this thread. */
function counting(inner: Resolver, zones: string[]): Resolver & { blocklistQueries: number } {
  const r = {
    blocklistQueries: 0,
    query<T extends RecordType>(name: string, type: T, options?: object): Promise<DnsOutcome<RecordMap[T]>> {
      if (zones.some((z) => name.endsWith(`.${z}`))) r.blocklistQueries++;
      return inner.query(name, type, options);
    },
    close: () => inner.close(),
    stats: inner.stats,
  };
  return r;
}

const comparable = (events: StoredEvent[]) =>
  events
    .map((e) => ({
      key: e.key,
      event: e.event,
      target: e.target,
      zone: e.zone,
      name: e.name,
      codes: e.codes,
      txt: e.txt,
      damped: e.damped,
      detail: e.detail,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));

describe('cycles through the check worker', () => {
  let fx: MonitorFixture;
  const clock = fixedClock();
  const runs: { monitor: Monitor; store: Store; posts: string[]; resolver: ReturnType<typeof counting> }[] =
    [];

  before(async () => {
    fx = await startMonitorFixture();
    const config = parseMonitorConfig(fixtureConfig(fx), 'serve.yaml');
    for (const viaWorker of [false, true]) {
      const store = createMemoryStore();
      const posts: string[] = [];
      const resolver = counting(
        fx.resolver,
        fx.catalog.map((e) => e.zone),
      );
      const monitor = createMonitor({
        config,
        dataDir: '/nonexistent',
        resolver,
        catalog: fx.catalog,
        store,
        clock,
        post: async (_url, body) => {
          posts.push(body);
          return { status: 200 };
        },
        mail: async () => {},
        ...(viaWorker
          ? {
              checkWorker: {
                resolver: { servers: [{ host: fx.server.host, port: fx.server.port }], timeoutMs: 300 },
                script: workerScript,
                workerData: { tsxScript },
              },
            }
          : {}),
      });
      runs.push({ monitor, store, posts, resolver });
    }
  });

  after(async () => {
    for (const r of runs) await r.monitor.stop();
    await fx?.stop();
  });

  /** One cycle on each monitor, at the same clock time. */
  async function cycleBoth(): Promise<void> {
    clock.advance(3_600_000);
    for (const r of runs) await r.monitor.runCycle();
  }

  test('first scan, a listing, a domain SPF address listed, both delisted: the same events, views and alerts', async () => {
    await cycleBoth();
    await fx.setListed(ADDRESS, true);
    await fx.setListed(ADDRESS3, true);
    await cycleBoth();
    const [inProcess, worker] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const listed = (await worker.store.recentEvents(100)).filter((e) => e.event === 'listed');
    assert.deepEqual(listed.map((e) => e.target).sort(), [ADDRESS, DOMAIN].sort());
    assert.equal((await worker.monitor.getTarget(DOMAIN))?.listings[0]?.address, ADDRESS3);
    await fx.setListed(ADDRESS, false);
    await fx.setListed(ADDRESS3, false);
    await cycleBoth();
    const [a, b] = await Promise.all([inProcess.store.recentEvents(100), worker.store.recentEvents(100)]);
    assert.equal(b.filter((e) => e.event === 'delisted').length, 2);
    assert.deepEqual(comparable(b), comparable(a));
    assert.deepEqual(await worker.monitor.listTargets(), await inProcess.monitor.listTargets());
    assert.deepEqual(worker.monitor.status().unhealthyZones, inProcess.monitor.status().unhealthyZones);
    assert.deepEqual(
      worker.posts.map((p) => JSON.parse(p).id).sort(),
      inProcess.posts.map((p) => JSON.parse(p).id).sort(),
    );
    // The worker monitor's own resolver saw no blocklist query: the checking ran on the worker.
    assert.ok(inProcess.resolver.blocklistQueries > 0);
    assert.equal(worker.resolver.blocklistQueries, 0);
  });
});

describe('the API during a worker cycle', () => {
  const ZONES = Array.from({ length: 8 }, (_, i) => `w${i}.mxd.test`);
  const TARGETS = Array.from({ length: 1500 }, (_, i) => `198.18.${i >> 8}.${i & 255}`);
  let server: Awaited<ReturnType<typeof startRbldnsd>>;
  let monitor: Monitor;
  let store: Store;

  before(async () => {
    // Every zone lists the first 15 targets: the views have listings to show during the cycle.
    server = await startRbldnsd({
      zones: ZONES.map((z) =>
        ipZone(
          z,
          TARGETS.slice(0, 15).map((entry) => ({ entry })),
        ),
      ),
    });
    const catalog = parseCatalog(
      ZONES.map((zone) => ({ zone, name: zone, kind: 'ip' })),
      'test',
    );
    const config = parseMonitorConfig(
      `jitter: 0\ngroups:\n  - name: default\n    zones: [${ZONES.join(', ')}]\n    targets: [${TARGETS.join(', ')}]\n`,
      'serve.yaml',
    );
    store = createMemoryStore();
    const resolver = counting(
      {
        query: async () => ({ status: 'timeout', ms: 0 }),
        close() {},
        stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
      },
      ZONES,
    );
    monitor = createMonitor({
      config,
      dataDir: '/nonexistent',
      resolver,
      catalog,
      store,
      checkWorker: {
        resolver: { servers: [{ host: server.host, port: server.port }], timeoutMs: 500 },
        script: workerScript,
        workerData: { tsxScript },
      },
    });
    await monitor.runCycle();
  });

  after(async () => {
    await monitor?.stop();
    await server?.stop();
  });

  test('reads answer from memory while a cycle runs, and show what the last cycle found', async () => {
    // The loop below asks as fast as the app answers: no rate limit in the way.
    const app = createApp({
      monitor,
      tools: {} as Tools,
      auth: { token: 'a-token-of-sixteen-chars' },
      limits: { rate: { perSecond: 1e9, burst: 1e9 } },
    });
    const cycle = monitor.runCycle();
    while (!monitor.status().running) await new Promise((r) => setImmediate(r));
    let answeredDuring = 0;
    while (monitor.status().running) {
      const res = await app.request(`/api/v1/targets/${TARGETS[3]}`);
      assert.equal(res.status, 200);
      const view = (await res.json()) as { state: string; listings: unknown[] };
      assert.equal(view.state, 'listed');
      assert.equal(view.listings.length, ZONES.length);
      if (monitor.status().running) answeredDuring++;
      await new Promise((r) => setImmediate(r));
    }
    await cycle;
    assert.ok(answeredDuring > 0, 'no request was answered while the cycle ran');
    const all = (await (await app.request('/api/v1/targets')).json()) as { state: string }[];
    assert.equal(all.length, TARGETS.length);
    assert.equal(all.filter((v) => v.state === 'listed').length, 15);
  });

  test('stop() during a worker cycle abandons it unwritten', async () => {
    const before = store.stats().rowsWritten;
    // The abandoned cycle rejects ("the monitor is stopping"): caught at once, not after stop().
    const cycle = monitor.runCycle().catch((error: Error) => error);
    while (!monitor.status().running) await new Promise((r) => setImmediate(r));
    const events = (await store.recentEvents(1000)).length;
    await monitor.stop();
    assert.match(String(await cycle), /stopping/);
    // At most the cycle row was written (started, never finished): nothing of the abandoned cycle.
    assert.ok(store.stats().rowsWritten - before <= 1);
    assert.equal((await store.recentEvents(1000)).length, events);
    const last = (await store.lastCycles()).find((c) => c.group === 'default');
    assert.equal(last?.finishedAt, null);
  });
});
