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

export async function releaseDigest(
  store: Store,
  channels: string[],
  now: Date,
  periodMs: number,
): Promise<number> {
  const held = await store.heldOutbox();
  if (held.length === 0) return 0;
  const oldest = Math.min(...held.map((h) => Date.parse(h.nextAt)));
  if (now.getTime() - oldest < periodMs) return 0;
  const nowIso = now.toISOString();
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const row of held) {
    if (seen.has(row.eventKey)) continue;
    seen.add(row.eventKey);
    lines.push(alertTitle(await withTargetName(store, row.detail)));
  }
  const shown = lines.slice(0, MAX_DIGEST_LINES);
  if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`);
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
