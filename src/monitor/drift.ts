/** The record-drift watch of one group: domains' mail records compared with the stored ones. */
import type { Resolver } from '../dns/index.js';
import type { AlertDetail, ChangeBatch, Store, StoredTarget } from './ports.js';
import { diffRecords, readMailRecords } from './records.js';

export async function watchRecordDrift(
  store: Store,
  resolver: Resolver,
  targets: readonly StoredTarget[],
  nowIso: string,
  batch: Pick<ChangeBatch, 'records' | 'events'>,
): Promise<void> {
  for (const t of targets) {
    if (t.kind !== 'domain') continue;
    const [before, after] = await Promise.all([store.records(t.target), readMailRecords(t.target, resolver)]);
    for (const [kind, value] of after) {
      if (before.get(kind) !== value) batch.records.push({ target: t.target, kind, value, at: nowIso });
    }
    const changes = diffRecords(before, after);
    if (changes.length === 0) continue;
    const summary = changes
      .map((c) => `${c.kind.toUpperCase()} changed\n  was: ${c.before}\n  now: ${c.after}`)
      .join('\n');
    const detail: AlertDetail = {
      kind: 'record-changed',
      target: t.target,
      group: t.group,
      zone: '',
      listName: null,
      address: null,
      codes: [],
      meaning: null,
      txt: null,
      delist: null,
      policy: null,
      summary,
    };
    batch.events.push({
      key: `${t.target}|records|${changes.map((c) => c.kind).join(',')}|${nowIso}`,
      target: t.target,
      zone: '',
      name: changes.map((c) => c.kind).join(','),
      event: 'record-changed',
      at: nowIso,
      codes: [],
      txt: null,
      detail,
      damped: false,
    });
  }
}
