/**
 * Digests: held alerts (digest: 1h-24h) become one alert per channel listing every change, once
 * the oldest of them has waited the digest period. Due-ness comes from the held rows' own times
 * in the store, not from a timer started with the process: a restart (or a crash loop) neither
 * resets the wait nor holds alerts back for ever. A change waits at most one period; two digests
 * are at least one period apart.
 */
import { alertTitle } from './alerts.js';
import { summaryDetail } from './detail.js';
import { withTargetName } from './outbox.js';
import type { Store } from './ports.js';

/** Longest digest body: the rest is counted, not listed (a mass listing must not make a 5 MB mail). */
export const MAX_DIGEST_LINES = 200;

/**
 * Releases the held alerts as one digest once the oldest has waited `periodMs`; returns how many
 * changes it listed (0: nothing held, or not due yet). `due` (optional) carries what the last
 * call learnt: while the oldest held alert is known not to be due, no rows are read (a mass
 * listing held 10,000 rows that every 15-second delivery pass read and parsed).
 */
export async function releaseDigest(
  store: Store,
  channels: string[],
  now: Date,
  periodMs: number,
  due: { atMs: number | null } = { atMs: null },
): Promise<number> {
  if (due.atMs !== null && now.getTime() < due.atMs) return 0;
  const held = await store.heldOutbox();
  if (held.length === 0) {
    due.atMs = null;
    return 0;
  }
  const oldest = held.reduce((min, h) => Math.min(min, Date.parse(h.nextAt)), Number.POSITIVE_INFINITY);
  // Later holds are newer: the oldest, and so the due time, stays until the release.
  due.atMs = oldest + periodMs;
  if (now.getTime() < due.atMs) return 0;
  due.atMs = null;
  const nowIso = now.toISOString();
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const row of held) {
    if (seen.has(row.eventKey)) continue;
    seen.add(row.eventKey);
    // Only the lines shown are named (a store read each); the rest are counted.
    if (lines.length < MAX_DIGEST_LINES) lines.push(alertTitle(await withTargetName(store, row.detail)));
  }
  const shown = [...lines];
  if (seen.size > shown.length) shown.push(`... and ${seen.size - shown.length} more`);
  const detail = summaryDetail('digest', `${seen.size} change(s)`, '', shown.join('\n'));
  const digest = {
    key: `digest|${nowIso}`,
    target: '',
    zone: '',
    name: '',
    event: 'digest' as const,
    at: nowIso,
    codes: [],
    txt: null,
    detail,
    damped: false,
  };
  await store.releaseDigest(
    held.map((h) => h.id),
    digest,
    channels,
  );
  return seen.size;
}
