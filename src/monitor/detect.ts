/**
 * Change detection, pure: given what the store holds for a target x zone x subject and what this
 * cycle saw (plus, when it matters, a second query's answer), decide what changes. The rules:
 * - a new listing alerts only when a second query confirms it (mail-in-a-box #628: flapping
 *   answers from overloaded lists);
 * - a delisting is confirmed the same way, and alerts too;
 * - unknown (timeout, refusal, dead zone) never creates or ends a listing: it is kept as its own
 *   row so the target shows "unknown" with the reason, and cleared when the zone answers again.
 */
import type { StateRow } from './ports.js';

export type Observation =
  | { status: 'listed'; codes: string[]; txt: string | null }
  | { status: 'clean' }
  | { status: 'unknown'; reason: string };

export type Decision =
  | { kind: 'none' }
  /** The row changes (new codes, or a new unknown) without an alert. */
  | { kind: 'upsert'; row: StateRow }
  /** An unknown row ends (the zone answered clean): no alert. */
  | { kind: 'delete' }
  | { kind: 'listed'; row: StateRow }
  | { kind: 'delisted' };

/** Listings seen (listed or delisted) this many times in FLAP_WINDOW_MS are recorded but not alerted. */
export const FLAP_LIMIT = 4;
export const FLAP_WINDOW_MS = 86_400_000;

/**
 * What a listing change does given how often its target x list x address changed in the last
 * FLAP_WINDOW_MS before it: alert; alert once more saying it is flapping (so the silence that
 * follows is explained, not mistaken for a stable state); then record without alerts until the
 * changes of the window fall under the limit again.
 */
export function flapVerdict(earlierTransitions: number): 'alert' | 'flapping' | 'damped' {
  if (earlierTransitions < FLAP_LIMIT) return 'alert';
  return earlierTransitions === FLAP_LIMIT ? 'flapping' : 'damped';
}

export const FLAPPING_NOTE =
  `flapping: this listing changed ${FLAP_LIMIT + 1} times within 24 h; its further changes go to ` +
  'the history without alerts until it settles (see the dashboard for its current state)';

export interface Subject {
  target: string;
  zone: string;
  /** The address or domain queried. */
  name: string;
}

/** Whether this observation would change a listing, so that it needs a second query first. */
export function needsConfirmation(prev: StateRow | undefined, obs: Observation): boolean {
  if (obs.status === 'listed') return prev?.status !== 'listed';
  if (obs.status === 'clean') return prev?.status === 'listed';
  return false;
}

export function decide(
  subject: Subject,
  prev: StateRow | undefined,
  obs: Observation,
  confirmation: Observation | null,
  nowIso: string,
): Decision {
  if (obs.status === 'listed') {
    if (prev?.status === 'listed') {
      return sameCodes(prev.codes, obs.codes) && prev.txt === obs.txt
        ? { kind: 'none' }
        : { kind: 'upsert', row: { ...prev, codes: obs.codes, txt: obs.txt } };
    }
    if (confirmation?.status !== 'listed') return { kind: 'none' };
    return {
      kind: 'listed',
      row: {
        ...subject,
        status: 'listed',
        codes: confirmation.codes,
        txt: confirmation.txt ?? obs.txt,
        since: nowIso,
        reason: null,
      },
    };
  }
  if (obs.status === 'clean') {
    if (prev?.status === 'unknown') return { kind: 'delete' };
    if (prev?.status === 'listed' && confirmation?.status === 'clean') return { kind: 'delisted' };
    return { kind: 'none' };
  }
  if (prev === undefined) {
    return {
      kind: 'upsert',
      row: { ...subject, status: 'unknown', codes: [], txt: null, since: nowIso, reason: obs.reason },
    };
  }
  return { kind: 'none' };
}

function sameCodes(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((code, i) => code === sorted[i]);
}
