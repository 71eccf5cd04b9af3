/**
 * Database size after many cycles, simulated cheaply: the SQLite store receives what a cycle
 * with 1 % of targets changing writes (one cycle row; per change a state row, an event, one
 * outbox row per channel, marked sent), 100 times, without the DNS part.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ChangeBatch, StoredEvent } from '../../src/monitor/ports.js';
import { openSqliteStore, STORE_FILE } from '../../src/monitor/store-sqlite.js';

export async function simulateDbSize(
  dataDir: string,
  o: { cycles: number; targets: string[]; changesPerCycle: number; zone: string },
): Promise<{ bytes: number; rowsWritten: number }> {
  const store = openSqliteStore(dataDir);
  let listed = new Set<string>();
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  for (let c = 0; c < o.cycles; c++) {
    const at = new Date(t0 + c * 3_600_000).toISOString();
    const id = await store.startCycle('default', at);
    const batch: ChangeBatch = {
      upserts: [],
      deletes: [],
      events: [],
      channels: ['webhook:0'],
      hold: false,
      firstScans: [],
      records: [],
    };
    // Alternate: list a fresh 1 % one cycle, delist it the next.
    const slice = o.targets
      .slice(((c >> 1) * o.changesPerCycle) % o.targets.length)
      .slice(0, o.changesPerCycle);
    for (const target of slice) {
      const isListed = listed.has(target);
      const event: StoredEvent = {
        key: `${target}|${o.zone}|${target}|${isListed ? 'delisted' : 'listed'}|${at}`,
        target,
        zone: o.zone,
        name: target,
        event: isListed ? 'delisted' : 'listed',
        at,
        codes: ['127.0.0.2'],
        txt: `Listed by ${o.zone}`,
        detail: {
          kind: isListed ? 'delisted' : 'listed',
          target,
          group: 'default',
          zone: o.zone,
          listName: o.zone,
          address: target,
          codes: ['127.0.0.2'],
          meaning: 'listed',
          txt: `Listed by ${o.zone}`,
          delist: `https://${o.zone}/delist`,
          policy: 'Request removal.',
          summary: '',
        },
        damped: false,
      };
      batch.events.push(event);
      if (isListed) batch.deletes.push({ target, zone: o.zone, name: target });
      else
        batch.upserts.push({
          target,
          zone: o.zone,
          name: target,
          status: 'listed',
          codes: ['127.0.0.2'],
          txt: event.txt,
          since: at,
          reason: null,
        });
    }
    await store.apply(batch);
    listed = isListedAfter(listed, slice);
    for (const row of await store.dueOutbox(at, 100_000)) await store.markSent(row.id, at);
    await store.finishCycle(id, at);
  }
  const rowsWritten = store.stats().rowsWritten;
  await store.close();
  return { bytes: statSync(join(dataDir, STORE_FILE)).size, rowsWritten };
}

function isListedAfter(listed: Set<string>, slice: string[]): Set<string> {
  const next = new Set(listed);
  for (const t of slice) {
    if (next.has(t)) next.delete(t);
    else next.add(t);
  }
  return next;
}
