/** What a cycle's decisions become: state rows, events with their alert details, first-scan reports. */
import type { ZoneResult } from '../check/index.js';
import { summaryDetail } from './detail.js';
import type { Decision } from './detect.js';
import { maskZone } from './mask.js';
import type { AlertDetail, ChangeBatch, StateRow, StoredEvent, StoredTarget } from './ports.js';
import type { GroupConfig } from './types.js';

/** Listings named in a first-scan report; the rest are counted (the history has them all). */
export const MAX_SUMMARY_LINES = 50;

export interface Pending {
  owner: StoredTarget;
  subject: string;
  result: ZoneResult;
}

export const isTransition = (d: Decision) => d.kind === 'listed' || d.kind === 'delisted';

export function record(
  batch: ChangeBatch,
  d: Decision,
  p: Pending,
  prev: StateRow | undefined,
  at: string,
  damped: boolean,
  note = '',
): void {
  const where = { target: p.owner.target, zone: p.result.zone, name: p.subject };
  if (d.kind === 'upsert') batch.upserts.push(d.row);
  else if (d.kind === 'delete') batch.deletes.push(where);
  else if (d.kind === 'listed') {
    batch.upserts.push(d.row);
    batch.events.push(makeEvent(p, 'listed', at, d.row.codes, d.row.txt, damped, note));
  } else if (d.kind === 'delisted') {
    batch.deletes.push(where);
    batch.events.push(makeEvent(p, 'delisted', at, prev?.codes ?? [], prev?.txt ?? null, damped, note));
  }
}

function makeEvent(
  p: Pending,
  kind: 'listed' | 'delisted',
  at: string,
  codes: string[],
  txt: string | null,
  damped: boolean,
  note: string,
): StoredEvent {
  const detail: AlertDetail = {
    kind,
    target: p.owner.target,
    group: p.owner.group,
    zone: maskZone(p.result.zone),
    listName: p.result.name,
    address: p.subject,
    codes,
    meaning: kind === 'listed' ? p.result.meaning : null,
    txt,
    delist: p.result.delist,
    policy: p.result.policy,
    summary: damped && p.owner.firstScanAt !== null ? 'flapping: recorded, not alerted' : note,
  };
  const key = `${p.owner.target}|${p.result.zone}|${p.subject}|${kind}|${at}`;
  return {
    key,
    target: p.owner.target,
    zone: p.result.zone,
    name: p.subject,
    event: kind,
    at,
    codes,
    txt,
    detail,
    damped,
  };
}

/**
 * A first scan reports once: one summary event per cycle for all new targets (a watch list of
 * 10,000 added at once gives one alert, not 10,000); their listings go to history unalerted.
 */
export function addFirstScans(
  batch: ChangeBatch,
  plan: { group: GroupConfig; targets: StoredTarget[] },
  at: string,
): void {
  const fresh = plan.targets.filter((t) => t.firstScanAt === null);
  if (fresh.length === 0) return;
  const freshNames = new Set(fresh.map((t) => t.target));
  const listed = batch.events.filter((e) => e.event === 'listed' && freshNames.has(e.target));
  const lines = listed
    .slice(0, MAX_SUMMARY_LINES)
    .map(
      (e) =>
        `${e.target}${e.name !== e.target ? ` (${e.name})` : ''} listed on ${maskZone(e.zone)}: ${e.codes.join(', ')}`,
    );
  if (listed.length > lines.length) lines.push(`... and ${listed.length - lines.length} more listings`);
  const listedNames = new Set(listed.map((e) => e.target));
  const cleanCount = fresh.filter((t) => !listedNames.has(t.target)).length;
  const summary = [...lines, `${cleanCount} of ${fresh.length} new target(s) not listed`].join('\n');
  const only = fresh.length === 1 ? fresh[0]!.target : `${fresh.length} targets`;
  const detail = summaryDetail('first-scan', only, plan.group.name, summary);
  const key = `first-scan|${plan.group.name}|${at}`;
  batch.events.push({
    key,
    target: only,
    zone: '',
    name: '',
    event: 'first-scan',
    at,
    codes: [],
    txt: null,
    detail,
    damped: false,
  });
  for (const t of fresh) batch.firstScans.push({ target: t.target, at });
}
