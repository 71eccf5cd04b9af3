import type { DnsOutcome, Resolver } from '../dns/types.js';
import type { CatalogEntry } from './catalog-types.js';
import { interpretAnswer } from './interpret.js';
import type { ZoneHealth } from './types.js';

/**
 * RFC 5782 §5 test points: an IP list must list 127.0.0.2 and must not list 127.0.0.1; a
 * domain list must list `test` and must not list `invalid`. A zone failing the first is dead or
 * emptied; failing the second lists everything (a parked domain with a wildcard, or a list that
 * went rogue). Either way its answer for a real target means nothing.
 */
/** How an unhealthy zone's reason begins when it misses its always-listed test point. */
export const DEAD_ZONE_REASON = 'dead or emptied';

/** What the two test-point queries of one zone came back as (the run assessment reads them). */
export interface TestPointOutcomes {
  positive: DnsOutcome<string>['status'];
  negative: DnsOutcome<string>['status'];
}

/** How long the test points may take before a zone's health reads "unknown" (see HealthCache). */
export interface HealthOptions {
  deadlineMs?: number;
}

export async function probeZoneHealth(
  entry: CatalogEntry,
  resolver: Resolver,
  options: HealthOptions = {},
  seen?: (outcomes: TestPointOutcomes) => void,
): Promise<ZoneHealth> {
  if (!entry.testPoints) return { state: 'not-probed' };
  const group = { lossGroup: entry.zone };
  const [must, mustNot] = entry.kind === 'ip' ? ['2.0.0.127', '1.0.0.127'] : ['test', 'invalid'];
  const [positive, negative] = await Promise.all([
    withDeadline(resolver.query(`${must}.${entry.zone}`, 'A', group), options.deadlineMs),
    withDeadline(resolver.query(`${mustNot}.${entry.zone}`, 'A', group), options.deadlineMs),
  ]);
  seen?.({ positive: positive.status, negative: negative.status });
  const pos = interpretAnswer(entry, positive);
  const neg = interpretAnswer(entry, negative);
  const shown = entry.kind === 'ip' ? ['127.0.0.2', '127.0.0.1'] : ['test', 'invalid'];
  if (neg.status === 'listed') {
    return {
      state: 'unhealthy',
      reason: `lists everything: the RFC 5782 test point ${shown[1]} (never listed) is listed`,
    };
  }
  if (pos.status === 'clean') {
    return {
      state: 'unhealthy',
      reason: `${DEAD_ZONE_REASON}: the RFC 5782 test point ${shown[0]} (always listed) is not listed`,
    };
  }
  const silent = !gotResponse(positive) && !gotResponse(negative);
  const prefix = `health not established (test point ${pos.status === 'error' ? shown[0] : shown[1]})`;
  if (pos.status === 'error') return { state: 'unknown', reason: `${prefix}: ${pos.error}`, silent };
  if (neg.status === 'error') return { state: 'unknown', reason: `${prefix}: ${neg.error}`, silent };
  return { state: 'healthy' };
}

/** True when a DNS server answered at all (any rcode): the path to it works. */
export function gotResponse(outcome: { status: DnsOutcome<unknown>['status'] }): boolean {
  return outcome.status !== 'timeout' && outcome.status !== 'error';
}

/**
 * The resolver keeps retrying a query it has no answer for; the run stops waiting at the
 * deadline (the late answer is dropped) so that one dead list costs one deadline, not two
 * attempts, before the targets start.
 */
export function withDeadline(query: Promise<DnsOutcome<string>>, deadlineMs: number | undefined) {
  if (deadlineMs === undefined) return query;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<DnsOutcome<string>>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'timeout', message: `no answer within ${deadlineMs} ms`, ms: deadlineMs }),
      deadlineMs,
    );
  });
  return Promise.race([query, late]).finally(() => clearTimeout(timer));
}

/**
 * Timeouts in a row (no answer in between) after which a zone is no longer asked in this run: a
 * list that dies mid-run, or whose test points answered but whose servers stopped, must not cost
 * one timeout per target.
 */
export const BREAKER_TIMEOUTS = 3;

/** Health is probed once per zone per run (or per resolver lifetime) and shared by every target. */
export class HealthCache {
  private readonly cache = new Map<string, Promise<ZoneHealth>>();

  /** The same verdicts once settled, readable without awaiting (the bulk-check hot path). */
  private readonly known = new Map<string, ZoneHealth>();

  /** Timeouts in a row per zone; a zone at BREAKER_TIMEOUTS is tripped. */
  private readonly timeouts = new Map<string, number>();

  constructor(
    private readonly resolver: Resolver,
    private readonly options: HealthOptions = {},
    private readonly seen?: (zone: string, outcomes: TestPointOutcomes) => void,
  ) {}

  /** The zone's health if it has been probed already, else undefined. */
  settled(entry: CatalogEntry): ZoneHealth | undefined {
    return this.known.get(entry.zone);
  }

  get(entry: CatalogEntry): Promise<ZoneHealth> {
    let health = this.cache.get(entry.zone);
    if (!health) {
      const seen = this.seen ? (o: TestPointOutcomes) => this.seen?.(entry.zone, o) : undefined;
      health = probeZoneHealth(entry, this.resolver, this.options, seen).then((settled) => {
        // A verdict given by decide() (the run stopped waiting) stands for the whole run.
        const decided = this.known.get(entry.zone);
        if (decided) return decided;
        this.known.set(entry.zone, settled);
        return settled;
      });
      this.cache.set(entry.zone, health);
    }
    return health;
  }

  /**
   * Settles a zone's health before its probe has (the run stopped waiting for it): this verdict
   * stands for the rest of the run, whatever the probe says later, so that every target of the
   * run is judged alike.
   */
  decide(zone: string, health: ZoneHealth): void {
    if (!this.known.has(zone)) this.known.set(zone, health);
  }

  /** Records a target query's fate for the circuit breaker. */
  record(zone: string, status: DnsOutcome<unknown>['status']): void {
    if (status === 'timeout') this.timeouts.set(zone, (this.timeouts.get(zone) ?? 0) + 1);
    else if (gotResponse({ status })) this.timeouts.delete(zone);
  }

  /** Why the zone is not asked any more in this run, or null while it is. */
  tripped(zone: string): string | null {
    const settled = this.known.get(zone);
    if (settled?.state === 'unknown' && settled.silent) return `not queried: ${settled.reason}`;
    const n = this.timeouts.get(zone) ?? 0;
    return n >= BREAKER_TIMEOUTS ? `not queried: the list timed out ${n} times in a row in this run` : null;
  }
}
