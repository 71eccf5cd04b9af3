import type { DnsOutcome, Resolver } from '../dns/types.js';
import type { CatalogEntry } from './catalog-types.js';
import {
  DEAD_ZONE_REASON,
  gotResponse,
  HealthCache,
  type TestPointOutcomes,
  withDeadline,
} from './health.js';
import type { ZoneHealth } from './types.js';

/** Why the resolver, not the lists, is at fault: then no target can be judged in this run. */
export type ResolverFault = 'unreachable' | 'nxdomain-everything' | 'refused' | 'servfail';

export type ResolverVerdict = { verdict: 'ok' } | { verdict: 'broken'; cause: ResolverFault; reason: string };

export interface ZoneAssessment {
  zone: string;
  name: string;
  health: ZoneHealth;
}

/** Zone health is a property of the run: established once, before any target, shown once. */
export interface RunAssessment {
  resolver: ResolverVerdict;
  zones: ZoneAssessment[];
  /** One sentence for the top of the report when a pattern points at the resolver, else null. */
  hint: string | null;
  /** The settled health of every zone, for checkTargets (CheckOptions.health). */
  health: HealthCache;
}

export interface AssessOptions {
  /**
   * How long the test points may take (default: the resolver's own timeouts and retries). A
   * zone silent that long is not asked about targets in this run (status `unverified`).
   */
  deadlineMs?: number;
}

/** Below this many probed zones a majority pattern says nothing about the resolver (hint only). */
const HINT_MIN_ZONES = 5;

/**
 * Probes every zone's RFC 5782 test points and the root's NS (any answer, even REFUSED, shows
 * the resolver is reachable), then judges the resolver: `broken` when nothing answers at all,
 * when every list is "emptied" (NXDOMAIN for 127.0.0.2 everywhere: a resolver that rewrites,
 * filters or cannot reach the Internet), or when every test point is REFUSED or SERVFAIL.
 *
 * @example
 * const run = await assessZones(catalog, resolver, { deadlineMs: 2000 });
 * if (run.resolver.verdict === 'broken') console.error(run.resolver.reason);
 * else for await (const r of checkTargets(targets, { resolver, catalog, health: run.health })) ...
 */
export async function assessZones(
  catalog: readonly CatalogEntry[],
  resolver: Resolver,
  options: AssessOptions = {},
): Promise<RunAssessment> {
  const seen = new Map<string, TestPointOutcomes>();
  const health = new HealthCache(resolver, options, (zone, o) => seen.set(zone, o));
  const usable = catalog.filter((e) => e.access.needs !== 'key');
  const root = withDeadline(resolver.query('.', 'NS'), options.deadlineMs);
  const grace = new Grace(usable.length);
  const zones = await Promise.all(
    usable.map(async (e): Promise<ZoneAssessment> => {
      const probed = health.get(e).then((h) => {
        grace.settled();
        return h;
      });
      const settled = await Promise.race([probed, grace.over]);
      if (settled !== 'late') return { zone: e.zone, name: e.name, health: settled };
      const late: ZoneHealth = { state: 'unknown', reason: grace.reason(), silent: true };
      health.decide(e.zone, late);
      return { zone: e.zone, name: e.name, health: late };
    }),
  );
  grace.stop();
  // The root only corroborates: it may not hold the run longer than the lists' grace.
  const rootOutcome = await withDeadline(root, grace.remainingMs());
  const verdict = judgeResolver(zones, [...seen.values()], rootOutcome);
  return { resolver: verdict, zones, hint: verdict.verdict === 'ok' ? majorityHint(zones) : null, health };
}

/** At least this long for every list's test points, however fast the others answered. */
export const MIN_GRACE_MS = 1000;
/** ...and this many times the slowest list that did answer. */
export const GRACE_FACTOR = 10;

/**
 * When to stop waiting for the last lists: once at least half have answered, a list still silent
 * after max(MIN_GRACE_MS, GRACE_FACTOR x the slowest answer so far) is treated as not answering
 * in this run (`unverified`, not asked about targets). At 30 ms a dead list then costs about a
 * second instead of the whole DNS timeout; through a slow recursive resolver (lists answering
 * in 800 ms) the grace stretches to 8 s, so the DNS timeout decides as before.
 */
class Grace {
  readonly over: Promise<'late'>;
  private release: () => void = () => {};
  private timer: NodeJS.Timeout | undefined;
  private readonly started = performance.now();
  private count = 0;
  private waitMs = MIN_GRACE_MS;

  constructor(private readonly total: number) {
    this.over = new Promise((resolve) => {
      this.release = () => resolve('late');
    });
  }

  settled(): void {
    this.count++;
    const elapsed = performance.now() - this.started;
    this.waitMs = Math.max(MIN_GRACE_MS, GRACE_FACTOR * elapsed);
    if (this.count * 2 < this.total || this.count === this.total) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(this.release, Math.max(0, this.started + this.waitMs - performance.now()));
  }

  reason(): string {
    return `no answer to its RFC 5782 test points within ${Math.round(this.waitMs)} ms, while ${this.count} of ${this.total} lists answered`;
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** What is left of the grace now (at least 0). */
  remainingMs(): number {
    return Math.max(0, Math.round(this.started + this.waitMs - performance.now()));
  }
}

/** The pure part of assessZones: exported for tests of each pattern. */
export function judgeResolver(
  zones: readonly ZoneAssessment[],
  outcomes: readonly TestPointOutcomes[],
  root: DnsOutcome<string>,
): ResolverVerdict {
  const statuses = outcomes.flatMap((o) => [o.positive, o.negative]);
  if (!gotResponse(root) && statuses.every((s) => !gotResponse({ status: s }))) {
    const why = (root.status !== 'answer' ? root.message : undefined) ?? root.status;
    return {
      verdict: 'broken',
      cause: 'unreachable',
      reason: `the resolver does not answer (${why}): nothing can be checked. Is it running and reachable? Try --resolver with another one.`,
    };
  }
  // A few lost answers must not hide the pattern: judge the answers that came back, and only
  // when no list at all is healthy.
  const probed = zones.filter((z) => z.health.state !== 'not-probed');
  if (probed.some((z) => z.health.state === 'healthy')) return { verdict: 'ok' };
  const answered = statuses.filter((s) => gotResponse({ status: s }));
  const lists = outcomes.filter(
    (o) => gotResponse({ status: o.positive }) || gotResponse({ status: o.negative }),
  );
  const several = lists.length >= 2;
  if (several && answered.every((s) => s === 'refused')) {
    return {
      verdict: 'broken',
      cause: 'refused',
      reason: `the resolver refuses every blocklist query (REFUSED for the test points of all ${lists.length} lists that answered): it does not recurse for this host. Try --resolver with your own recursive resolver.`,
    };
  }
  if (several && answered.every((s) => s === 'servfail')) {
    return {
      verdict: 'broken',
      cause: 'servfail',
      reason: `the resolver fails every blocklist query (SERVFAIL for the test points of all ${lists.length} lists that answered): it probably has no Internet access. Try --resolver with another one.`,
    };
  }
  const emptied = probed.filter(
    (z) => z.health.state === 'unhealthy' && z.health.reason.startsWith(DEAD_ZONE_REASON),
  );
  // The root never is NXDOMAIN: with it, even one "emptied" list convicts the resolver.
  const convicted = emptied.length >= 2 || (emptied.length === 1 && root.status === 'nxdomain');
  if (convicted && emptied.length * 2 >= probed.length) {
    return {
      verdict: 'broken',
      cause: 'nxdomain-everything',
      reason: `every list that answered (${emptied.length} of ${probed.length}) says "no such name" for its RFC 5782 test point 127.0.0.2, which every working list lists: the resolver answers NXDOMAIN for everything (it rewrites, filters DNSBL queries, or has no Internet access). Try --resolver with your own recursive resolver.`,
    };
  }
  return { verdict: 'ok' };
}

/**
 * Not every list fails, but most fail the same way: the path is the likely cause (a resolver
 * that filters some DNSBLs, a network dropping most queries). Said once, at the top.
 */
function majorityHint(zones: readonly ZoneAssessment[]): string | null {
  const probed = zones.filter((z) => z.health.state !== 'not-probed');
  if (probed.length < HINT_MIN_ZONES) return null;
  const count = (test: (h: ZoneHealth) => boolean) => probed.filter((z) => test(z.health)).length;
  const emptied = count((h) => h.state === 'unhealthy' && h.reason.startsWith(DEAD_ZONE_REASON));
  if (emptied * 2 >= probed.length) {
    return `${emptied} of ${probed.length} lists do not list their RFC 5782 test point: the resolver is probably not reaching them (it answers "no such name" for many names, filters DNSBL queries, or has no Internet access). Try --resolver with your own recursive resolver.`;
  }
  const silent = count((h) => h.state === 'unknown' && h.silent);
  if (silent * 2 >= probed.length) {
    return `${silent} of ${probed.length} lists did not answer their test points: the resolver or the network is probably down or overloaded (try --resolver, or a lower --concurrency).`;
  }
  return null;
}
