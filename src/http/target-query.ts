/**
 * `GET /api/v1/targets?state=listed&group=mail&limit=100&offset=200`: a filtered page of the
 * target list. Without any of these the whole list is answered, as the API contract says; with
 * 10,000 targets that is a few megabytes, so a dashboard or a script that wants the listed ones
 * asks for those (the views are in memory: filtering costs microseconds, serialising is the cost).
 */
import type { Context } from 'hono';
import { MxError } from '../core/errors.js';
import type { TargetState, TargetView } from '../monitor/types.js';

/** Most targets one page holds. */
export const MAX_PAGE_TARGETS = 10_000;
const STATES: readonly TargetState[] = ['listed', 'clean', 'unknown'];

export interface TargetQuery {
  state?: TargetState;
  group?: string;
  limit: number;
  offset: number;
}

/** The query's filter and page, or null when it asks for the whole list. */
export function parseTargetQuery(c: Context): TargetQuery | null {
  const { state, group, limit, offset } = c.req.query();
  if (state === undefined && group === undefined && limit === undefined && offset === undefined) return null;
  if (state !== undefined && !STATES.includes(state as TargetState))
    throw new MxError('input', `state must be one of ${STATES.join(', ')}`);
  return {
    ...(state === undefined ? {} : { state: state as TargetState }),
    ...(group === undefined ? {} : { group }),
    limit: wholeNumber('limit', limit, MAX_PAGE_TARGETS, 1, MAX_PAGE_TARGETS),
    offset: wholeNumber('offset', offset, 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number, max: number) {
  if (text === undefined) return fallback;
  if (!/^\d{1,9}$/.test(text)) throw new MxError('input', `${name} must be a whole number`);
  return Math.min(max, Math.max(min, Number(text)));
}

/** The page, and how many targets match in all (the X-Total-Count header). */
export function selectTargets(
  views: readonly TargetView[],
  q: TargetQuery,
): { page: TargetView[]; total: number } {
  const matching = views.filter(
    (v) => (q.state === undefined || v.state === q.state) && (q.group === undefined || v.group === q.group),
  );
  return { page: matching.slice(q.offset, q.offset + q.limit), total: matching.length };
}
