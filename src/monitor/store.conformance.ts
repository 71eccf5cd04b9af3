/**
 * The one conformance suite every Store implementation runs (memory in src/monitor, SQLite in
 * test/integration/monitor-store-conformance.test.ts; a PostgreSQL store would add one line).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertDetail, ChangeBatch, Store, StoredEvent } from './ports.js';

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Closes and reopens the same store (a restart); omit for stores that cannot. */
  reopen?(store: Store): Promise<Store>;
}

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
const T2 = '2026-01-03T00:00:00.000Z';

function detail(kind: AlertDetail['kind'], target: string, zone: string): AlertDetail {
  return {
    kind,
    target,
    group: 'default',
    zone,
    listName: zone,
    address: target,
    codes: ['127.0.0.2'],
    meaning: null,
    txt: null,
    delist: null,
    policy: null,
    summary: '',
  };
}

function event(key: string, kind: StoredEvent['event'], at: string, zone = 'bl.test'): StoredEvent {
  return {
    key,
    target: '192.0.2.1',
    zone,
    name: `1.2.0.192.${zone}`,
    event: kind,
    at,
    codes: ['127.0.0.2'],
    txt: 'why',
    detail: detail(kind, '192.0.2.1', zone),
    damped: false,
  };
}

function batch(partial: Partial<ChangeBatch>): ChangeBatch {
  return {
    upserts: [],
    deletes: [],
    events: [],
    channels: [],
    hold: false,
    firstScans: [],
    records: [],
    ...partial,
  };
}

const listedRow = {
  target: '192.0.2.1',
  zone: 'bl.test',
  name: '1.2.0.192.bl.test',
  status: 'listed' as const,
  codes: ['127.0.0.2'],
  txt: 'why',
  since: T0,
  reason: null,
};

export function runStoreConformance(label: string, factory: StoreFactory): void {
  describe(`store conformance: ${label}`, () => {
    test('targets: add is idempotent, list, get, remove', async () => {
      const store = await factory.open();
      const t = { target: '192.0.2.1', group: 'g', kind: 'ip' as const, addedAt: T0, firstScanAt: null };
      await store.addTarget(t);
      await store.addTarget({ ...t, group: 'other', addedAt: T1 });
      assert.deepEqual(await store.listTargets(), [t]);
      assert.deepEqual(await store.getTarget('192.0.2.1'), t);
      assert.equal(await store.getTarget('192.0.2.9'), null);
      assert.equal(await store.removeTarget('192.0.2.1'), true);
      assert.equal(await store.removeTarget('192.0.2.1'), false);
      assert.deepEqual(await store.listTargets(), []);
      await store.close();
    });

    test('state rows: upsert, update, delete; first scan recorded once', async () => {
      const store = await factory.open();
      await store.addTarget({ target: '192.0.2.1', group: 'g', kind: 'ip', addedAt: T0, firstScanAt: null });
      await store.apply(batch({ upserts: [listedRow], firstScans: [{ target: '192.0.2.1', at: T0 }] }));
      await store.apply(batch({ upserts: [{ ...listedRow, codes: ['127.0.0.3'] }] }));
      await store.apply(batch({ firstScans: [{ target: '192.0.2.1', at: T1 }] }));
      assert.deepEqual(await store.listStates('192.0.2.1'), [{ ...listedRow, codes: ['127.0.0.3'] }]);
      assert.equal((await store.getTarget('192.0.2.1'))?.firstScanAt, T0);
      await store.apply(batch({ deletes: [listedRow] }));
      assert.deepEqual(await store.listStates(), []);
      await store.close();
    });

    test('events: newest first, idempotent by key, damped ones not queued', async () => {
      const store = await factory.open();
      const listed = event('k1', 'listed', T0);
      const delisted = event('k2', 'delisted', T1);
      await store.apply(batch({ events: [listed], channels: ['webhook:0'] }));
      await store.apply(batch({ events: [listed, delisted], channels: ['webhook:0'] }));
      await store.apply(
        batch({ events: [{ ...event('k3', 'listed', T2), damped: true }], channels: ['webhook:0'] }),
      );
      const history = await store.history('192.0.2.1', 10);
      assert.deepEqual(
        history.map((e) => e.key),
        ['k3', 'k2', 'k1'],
      );
      assert.deepEqual(history[2], listed);
      assert.deepEqual(
        (await store.recentEvents(1)).map((e) => e.key),
        ['k3'],
      );
      assert.equal(await store.countTransitions('192.0.2.1', 'bl.test', listed.name, T1), 2);
      const due = await store.dueOutbox(T2, 10);
      assert.deepEqual(
        due.map((o) => o.key),
        ['k1|webhook:0', 'k2|webhook:0'],
      );
      await store.close();
    });

    test('outbox: failure reschedules, sent and dead are not due; held rows become one digest', async () => {
      const store = await factory.open();
      await store.apply(batch({ events: [event('a', 'listed', T0)], channels: ['slack:0', 'webhook:0'] }));
      const [first, second] = await store.dueOutbox(T0, 10);
      await store.markFailed(first!.id, 'HTTP 500', T1, false);
      await store.markSent(second!.id, T0);
      assert.deepEqual(await store.dueOutbox(T0, 10), []);
      const retry = await store.dueOutbox(T1, 10);
      assert.equal(retry.length, 1);
      assert.equal(retry[0]?.attempts, 1);
      assert.equal(retry[0]?.lastError, 'HTTP 500');
      await store.markFailed(first!.id, 'HTTP 500', T2, true);
      assert.deepEqual(await store.dueOutbox(T2, 10), []);

      await store.apply(batch({ events: [event('b', 'listed', T1)], channels: ['webhook:0'], hold: true }));
      const held = await store.heldOutbox();
      assert.equal(held.length, 1);
      assert.deepEqual(await store.dueOutbox(T2, 10), []);
      await store.releaseDigest(
        held.map((h) => h.id),
        { ...event('digest:1', 'digest', T2), detail: detail('digest', '', '') },
        ['webhook:0'],
      );
      assert.deepEqual(await store.heldOutbox(), []);
      assert.deepEqual(
        (await store.dueOutbox(T2, 10)).map((o) => o.key),
        ['digest:1|webhook:0'],
      );
      await store.close();
    });

    test('cycles, records, prune, stats', async () => {
      const store = await factory.open();
      const before = store.stats().rowsWritten;
      const c1 = await store.startCycle('g', T0);
      await store.finishCycle(c1, T0);
      const c2 = await store.startCycle('g', T1);
      assert.deepEqual(await store.lastCycles(), [{ id: c2, group: 'g', startedAt: T1, finishedAt: null }]);
      await store.apply(
        batch({ records: [{ target: 'example.test', kind: 'mx', value: 'mx.example.test', at: T0 }] }),
      );
      assert.deepEqual([...(await store.records('example.test'))], [['mx', 'mx.example.test']]);
      await store.apply(batch({ events: [event('old', 'listed', T0), event('new', 'delisted', T2)] }));
      assert.ok((await store.prune(T1)) >= 1);
      assert.deepEqual(
        (await store.history('192.0.2.1', 10)).map((e) => e.key),
        ['new'],
      );
      assert.ok(store.stats().rowsWritten > before);
      await store.close();
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      test('a reopened store keeps targets, state, history and outbox', async () => {
        const store = await factory.open();
        await store.addTarget({
          target: '192.0.2.1',
          group: 'g',
          kind: 'ip',
          addedAt: T0,
          firstScanAt: null,
        });
        await store.apply(
          batch({ upserts: [listedRow], events: [event('k', 'listed', T0)], channels: ['webhook:0'] }),
        );
        const again = await reopen(store);
        assert.equal((await again.listTargets()).length, 1);
        assert.deepEqual(await again.listStates(), [listedRow]);
        assert.equal((await again.history('192.0.2.1', 5)).length, 1);
        assert.equal((await again.dueOutbox(T1, 5)).length, 1);
        await again.close();
      });
    }
  });
}
