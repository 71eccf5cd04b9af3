/**
 * The one conformance suite every Store implementation runs (memory in src/monitor, SQLite in
 * test/integration/monitor-store-conformance.test.ts; a PostgreSQL store would add one line).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AlertDetail, ChangeBatch, Store, StoredEvent, StoredTarget } from './ports.js';

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

function target(name: string, partial: Partial<StoredTarget> = {}): StoredTarget {
  return {
    target: name,
    group: 'g',
    kind: 'ip',
    addedAt: T0,
    firstScanAt: null,
    name: null,
    source: 'api',
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
      const t = target('192.0.2.1', { name: 'mail-out-1' });
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

    test('updateTarget changes group and name only, null for an unknown target', async () => {
      const store = await factory.open();
      await store.addTarget(target('192.0.2.1', { firstScanAt: T1 }));
      assert.deepEqual(
        await store.updateTarget('192.0.2.1', { name: 'mail-out-1' }),
        target('192.0.2.1', { firstScanAt: T1, name: 'mail-out-1' }),
      );
      assert.deepEqual(
        await store.updateTarget('192.0.2.1', { group: 'other' }),
        target('192.0.2.1', { firstScanAt: T1, name: 'mail-out-1', group: 'other' }),
      );
      assert.equal((await store.updateTarget('192.0.2.1', { name: null }))?.name, null);
      assert.equal(await store.updateTarget('192.0.2.9', { name: 'x' }), null);
      await store.close();
    });

    test('syncConfigTargets: adds, updates, adopts API targets, removes config targets that left', async () => {
      const store = await factory.open();
      await store.addTarget(target('192.0.2.1', { source: 'config', firstScanAt: T0 }));
      await store.addTarget(target('192.0.2.2', { source: 'config' }));
      await store.addTarget(target('192.0.2.3', { source: 'api' }));
      await store.addTarget(target('192.0.2.4', { source: 'api' }));
      await store.apply(
        batch({
          upserts: [{ ...listedRow, target: '192.0.2.2' }],
          events: [{ ...event('gone', 'listed', T0), target: '192.0.2.2' }],
          records: [{ target: '192.0.2.2', kind: 'mx', value: 'x', at: T0 }],
          probes: [{ target: '192.0.2.2', host: 'mx.test', at: T0, verdict: 'ok' }],
        }),
      );
      const result = await store.syncConfigTargets([
        target('192.0.2.1', { source: 'config', name: 'renamed', addedAt: T2 }),
        target('192.0.2.3', { source: 'config', group: 'mail' }),
        target('192.0.2.5', { source: 'config', addedAt: T1 }),
      ]);
      assert.deepEqual(result, {
        added: ['192.0.2.5'],
        updated: ['192.0.2.1', '192.0.2.3'],
        removed: ['192.0.2.2'],
      });
      const byName = new Map((await store.listTargets()).map((t) => [t.target, t]));
      assert.deepEqual([...byName.keys()].sort(), ['192.0.2.1', '192.0.2.3', '192.0.2.4', '192.0.2.5']);
      // addedAt and firstScanAt stay; group and name follow the file; an API target in the file is adopted.
      assert.deepEqual(
        byName.get('192.0.2.1'),
        target('192.0.2.1', { source: 'config', name: 'renamed', firstScanAt: T0 }),
      );
      assert.deepEqual(byName.get('192.0.2.3'), target('192.0.2.3', { source: 'config', group: 'mail' }));
      assert.equal(byName.get('192.0.2.4')?.source, 'api');
      assert.equal(byName.get('192.0.2.5')?.source, 'config');
      // The removed target's state, records and probes are gone; its history stays.
      assert.deepEqual(await store.listStates('192.0.2.2'), []);
      assert.equal((await store.records('192.0.2.2')).size, 0);
      assert.deepEqual(await store.smtpProbes('192.0.2.2'), []);
      assert.deepEqual(
        (await store.history('192.0.2.2', 5)).map((e) => e.key),
        ['gone'],
      );
      // The same file again changes nothing.
      assert.deepEqual(
        await store.syncConfigTargets([
          target('192.0.2.1', { source: 'config', name: 'renamed' }),
          target('192.0.2.3', { source: 'config', group: 'mail' }),
          target('192.0.2.5', { source: 'config' }),
        ]),
        { added: [], updated: [], removed: [] },
      );
      await store.close();
    });

    test('smtp probes: upserted per target x host, pruned, removed with the target', async () => {
      const store = await factory.open();
      await store.addTarget(target('example.test', { kind: 'domain' }));
      await store.apply(
        batch({
          probes: [
            { target: 'example.test', host: 'mx2.example.test', at: T0, verdict: null },
            { target: 'example.test', host: 'mx1.example.test', at: T0, verdict: 'relay refused' },
          ],
        }),
      );
      await store.apply(
        batch({ probes: [{ target: 'example.test', host: 'mx2.example.test', at: T2, verdict: 'ok' }] }),
      );
      assert.deepEqual(await store.smtpProbes('example.test'), [
        { target: 'example.test', host: 'mx1.example.test', at: T0, verdict: 'relay refused' },
        { target: 'example.test', host: 'mx2.example.test', at: T2, verdict: 'ok' },
      ]);
      assert.deepEqual(await store.smtpProbes('other.test'), []);
      await store.prune(T1);
      assert.deepEqual(
        (await store.smtpProbes('example.test')).map((p) => p.host),
        ['mx2.example.test'],
      );
      await store.removeTarget('example.test');
      assert.deepEqual(await store.smtpProbes('example.test'), []);
      await store.close();
    });

    test('state rows: upsert, update, delete; first scan recorded once', async () => {
      const store = await factory.open();
      await store.addTarget(target('192.0.2.1'));
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
        await store.addTarget(target('192.0.2.1', { name: 'n', source: 'config' }));
        await store.apply(
          batch({
            upserts: [listedRow],
            events: [event('k', 'listed', T0)],
            channels: ['webhook:0'],
            probes: [{ target: '192.0.2.1', host: 'mx.test', at: T0, verdict: null }],
          }),
        );
        const again = await reopen(store);
        assert.deepEqual(await again.listTargets(), [target('192.0.2.1', { name: 'n', source: 'config' })]);
        assert.deepEqual(await again.smtpProbes('192.0.2.1'), [
          { target: '192.0.2.1', host: 'mx.test', at: T0, verdict: null },
        ]);
        assert.deepEqual(await again.listStates(), [listedRow]);
        assert.equal((await again.history('192.0.2.1', 5)).length, 1);
        assert.equal((await again.dueOutbox(T1, 5)).length, 1);
        await again.close();
      });
    }
  });
}
