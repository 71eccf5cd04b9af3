import type { ResolverVerdict, RunAssessment } from '../check/assess.js';
import type { ZoneHealth } from '../check/types.js';
import { sanitizeLine as clean } from '../core/sanitize.js';
import { NO_COLOUR, type Paint } from './check-text.js';

/**
 * The run-level record of `check --json`: the first NDJSON line, before one line per target.
 * `kind: 'run'` tells it apart from a target report (`kind: 'ip' | 'domain'`).
 */
export interface CheckRunRecord {
  kind: 'run';
  resolver: ResolverVerdict;
  hint: string | null;
  /** Every zone of the run and its RFC 5782 health; `reason` when not healthy. */
  zones: { zone: string; name: string; health: ZoneHealth['state']; reason?: string }[];
  /** Set when the run stopped before any target (the resolver is unusable). */
  stopped?: { targets: number; reason: string };
}

export function runRecord(run: RunAssessment, stoppedTargets?: number): CheckRunRecord {
  const record: CheckRunRecord = {
    kind: 'run',
    resolver: run.resolver,
    hint: run.hint,
    zones: run.zones.map((z) => {
      const out: CheckRunRecord['zones'][number] = { zone: z.zone, name: z.name, health: z.health.state };
      if ('reason' in z.health) out.reason = z.health.reason;
      return out;
    }),
  };
  if (stoppedTargets !== undefined && run.resolver.verdict === 'broken')
    record.stopped = { targets: stoppedTargets, reason: run.resolver.reason };
  return record;
}

/** Zone lines shown before "... and N more": the run header stays readable with 70 dead lists. */
const MAX_ZONE_LINES = 8;

/**
 * The run header of the text report, printed once before the targets: the resolver's verdict
 * or the hint first, then the lists that will not count, each once (not once per target).
 * Returns the zones it reported, for renderCheckText's `shownAbove`.
 */
export function renderRunHealth(
  run: RunAssessment,
  targets: number,
  paint: Paint = NO_COLOUR,
): { text: string; shown: Set<string> } {
  const lines: string[] = [];
  const shown = new Set<string>();
  if (run.resolver.verdict === 'broken') {
    lines.push(paint.yellow(`resolver problem: ${clean(run.resolver.reason)}`));
    const what = targets === 1 ? '1 target' : `${targets} targets`;
    lines.push(`nothing checked: ${what} not queried on ${run.zones.length} lists (exit 3)`);
    return { text: `${lines.join('\n')}\n`, shown };
  }
  if (run.hint) lines.push(paint.yellow(`hint: ${clean(run.hint)}`));
  const bad = run.zones.filter((z) => z.health.state === 'unhealthy' || z.health.state === 'unknown');
  for (const z of bad) shown.add(z.zone);
  if (bad.length === 0) return { text: lines.length ? `${lines.join('\n')}\n` : '', shown };
  lines.push(`${bad.length} of ${run.zones.length} lists not counted in this run:`);
  for (const z of bad.slice(0, MAX_ZONE_LINES)) {
    const label = z.health.state === 'unhealthy' ? 'UNHEALTHY ' : 'UNVERIFIED';
    const reason = 'reason' in z.health ? z.health.reason : '';
    const name = z.name && z.name !== z.zone ? `${z.name} (${z.zone})` : z.zone;
    lines.push(`  ${paint.yellow(label)} ${clean(name)}: ${clean(reason)}`);
  }
  if (bad.length > MAX_ZONE_LINES)
    lines.push(`  ... and ${bad.length - MAX_ZONE_LINES} more (--json lists all)`);
  return { text: `${lines.join('\n')}\n\n`, shown };
}
