/** The record-drift watch of one group: domains' mail records compared with the stored ones. */
import type { Resolver } from '../dns/index.js';
import { summaryDetail } from './detail.js';
import type { ChangeBatch, Store, StoredTarget } from './ports.js';
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
    recordChanges(t, before, after, nowIso, batch);
  }
}

/**
 * Stores new or changed values and adds one `record-changed` event for the kinds that changed
 * (a kind seen for the first time is stored silently: the baseline).
 */
export function recordChanges(
  t: StoredTarget,
  before: Map<string, string>,
  after: Map<string, string>,
  nowIso: string,
  batch: Pick<ChangeBatch, 'records' | 'events'>,
  event: 'record-changed' | 'smtp-changed' = 'record-changed',
): void {
  for (const [kind, value] of after) {
    if (before.get(kind) !== value) batch.records.push({ target: t.target, kind, value, at: nowIso });
  }
  const changes = diffRecords(before, after);
  if (changes.length === 0) return;
  const summary = changes
    .map(
      (c) =>
        `${c.kind.replace(/^[a-z-]+/, (k) => k.toUpperCase())} changed\n  was: ${c.before}\n  now: ${c.after}`,
    )
    .join('\n');
  const detail = summaryDetail(event, t.target, t.group, summary);
  batch.events.push({
    key: `${t.target}|${event === 'record-changed' ? 'records' : 'smtp'}|${changes.map((c) => c.kind).join(',')}|${nowIso}`,
    target: t.target,
    zone: '',
    name: changes.map((c) => c.kind).join(','),
    event,
    at: nowIso,
    codes: [],
    txt: null,
    detail,
    damped: false,
  });
}
