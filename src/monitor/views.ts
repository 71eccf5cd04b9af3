/** Stored rows -> the contract's TargetView (pure). */
import type { CatalogEntry } from '../check/index.js';
import { describeCodes } from '../check/index.js';
import { maskZone } from './mask.js';
import type { CycleRow, StateRow, StoredEvent, StoredTarget } from './ports.js';
import type { HistoryEvent, Listing, TargetView, UnknownZone } from './types.js';

export interface ViewContext {
  catalog: ReadonlyMap<string, CatalogEntry>;
  /** The latest cycle of each group. */
  cycles: ReadonlyMap<string, CycleRow>;
  /** Zones found unhealthy in each group's last cycle. */
  unhealthy: ReadonlyMap<string, { zone: string; reason: string }[]>;
  /** Discovery problems of the last cycle, per target. */
  notes: ReadonlyMap<string, string[]>;
}

export function buildView(t: StoredTarget, rows: readonly StateRow[], ctx: ViewContext): TargetView {
  const listings: Listing[] = [];
  const unknown: UnknownZone[] = [];
  for (const r of rows) {
    const entry = ctx.catalog.get(r.zone);
    if (r.status === 'listed') {
      listings.push({
        zone: maskZone(r.zone),
        name: entry?.name ?? r.zone,
        address: r.name,
        since: r.since,
        codes: r.codes,
        txt: r.txt,
        meaning: entry ? describeCodes(entry, r.codes) || null : null,
        delist: entry?.delist ?? null,
        policy: entry?.policy?.text ?? null,
      });
    } else unknown.push({ zone: maskZone(r.zone), reason: r.reason ?? 'unknown' });
  }
  for (const u of ctx.unhealthy.get(t.group) ?? [])
    unknown.push({ zone: u.zone, reason: `unhealthy zone: ${u.reason}` });
  for (const note of ctx.notes.get(t.target) ?? []) unknown.push({ zone: '', reason: note });
  const checkedAt = checkedAtOf(t, ctx.cycles.get(t.group));
  const state =
    listings.length > 0 ? 'listed' : unknown.length > 0 || checkedAt === null ? 'unknown' : 'clean';
  if (checkedAt === null && listings.length === 0) unknown.push({ zone: '', reason: 'not checked yet' });
  listings.sort((a, b) => (a.since < b.since ? -1 : a.since > b.since ? 1 : a.zone < b.zone ? -1 : 1));
  return {
    target: t.target,
    name: t.name,
    group: t.group,
    kind: t.kind,
    state,
    listings,
    unknown,
    checkedAt,
    addedAt: t.addedAt,
  };
}

/**
 * When the target was last checked: its group's last finished cycle if the target was there at
 * its start, else its first scan. Derived, so a cycle writes no row per target.
 */
function checkedAtOf(t: StoredTarget, cycle: CycleRow | undefined): string | null {
  if (cycle?.finishedAt && cycle.startedAt >= t.addedAt) return cycle.finishedAt;
  return t.firstScanAt;
}

export function toHistoryEvent(e: StoredEvent): HistoryEvent {
  return {
    target: e.target,
    zone: maskZone(e.zone),
    event: e.event as HistoryEvent['event'],
    at: e.at,
    codes: e.codes,
    txt: e.txt,
  };
}
