import { expandCidr } from '../core/cidr.js';
import { type ParsedIp, parseIp, reverseIp } from '../core/ip.js';
import type { Target } from '../core/targets.js';
import type { DnsOutcome, QueryOptions, Resolver } from '../dns/types.js';
import type { CatalogEntry } from './catalog-types.js';
import { HealthCache } from './health.js';
import { interpretAnswer } from './interpret.js';
import { domainQueryName, ipQueryName, nameInZone, zoneAcceptsIp } from './query-name.js';
import type { CheckSummary, TargetReport, ZoneHealth, ZoneResult } from './types.js';

export interface CheckOptions {
  resolver: Resolver;
  /** The zones to query (already filtered: see selectZones). */
  catalog: readonly CatalogEntry[];
  /** Targets checked at once; by default enough to keep the resolver's window full. */
  targetConcurrency?: number;
  /** Fetch the TXT reason of every listing (one more round trip for listed results only). */
  txt?: boolean;
  /**
   * Ask TXT together with A instead of after a listing: one round trip less, one more query per
   * zone. Worth it for a handful of targets (the CLI: up to EAGER_TXT_MAX_TARGETS), not in bulk.
   */
  eagerTxt?: boolean;
  /** Shared across calls so health is probed once per run. */
  health?: HealthCache;
}

/** Up to this many addresses, the CLI asks TXT together with A (CheckOptions.eagerTxt). */
export const EAGER_TXT_MAX_TARGETS = 8;

/** How a zone's TXT reason is fetched: never, after a listing, or together with the A query. */
export type TxtFetch = 'none' | 'listed' | 'eager';

/** Upper bound on targets in flight: each holds its results in memory until it is yielded. */
export const MAX_TARGET_CONCURRENCY = 4096;

/**
 * Checks targets against the catalog, yielding one report per address or domain in input order.
 * CIDR ranges are expanded lazily and at most `targetConcurrency` targets are in flight, so a
 * /16 streams in constant memory.
 *
 * @example
 * for await (const report of checkTargets([parseTarget('192.0.2.1')], { resolver, catalog })) {
 *   console.log(report.summary.listed);
 * }
 */
export async function* checkTargets(
  targets: Iterable<Target>,
  options: CheckOptions,
): AsyncGenerator<TargetReport> {
  const health = options.health ?? new HealthCache(options.resolver);
  const concurrency = options.targetConcurrency ?? defaultConcurrency(options.catalog.length);
  const txt: TxtFetch = options.txt === false ? 'none' : options.eagerTxt ? 'eager' : 'listed';
  const inFlight: Promise<TargetReport>[] = [];
  for (const item of flatten(targets)) {
    inFlight.push(
      item.kind === 'ip'
        ? checkIp(item.ip, options, health, txt)
        : checkDomain(item.domain, options, health, txt),
    );
    if (inFlight.length >= concurrency) yield await inFlight.shift()!;
  }
  while (inFlight.length > 0) yield await inFlight.shift()!;
}

/**
 * Queries the default target concurrency keeps queued or in flight: several windows' worth (a
 * window reaches ~1,000 at 30 ms), because reports are yielded in input order and a target held up
 * by one lost datagram (100 ms or more before its resend) stops new targets from starting. At
 * 2,048 the resolver's queue ran dry at 30 ms (bench:serve, 2026-11-30); 8,192 cost 50 MB more
 * peak RSS in bench:check (ii) (154 MB against 103 MB). DEFAULT_MAX_TARGETS keeps a one-list
 * run (a /16 streamed) where it was.
 */
const QUERIES_QUEUED = 4096;
const DEFAULT_MAX_TARGETS = 2048;

function defaultConcurrency(zoneCount: number): number {
  return Math.min(DEFAULT_MAX_TARGETS, Math.max(8, Math.ceil(QUERIES_QUEUED / Math.max(1, zoneCount))));
}

type Unit = { kind: 'ip'; ip: ParsedIp } | { kind: 'domain'; domain: string };

function* flatten(targets: Iterable<Target>): Generator<Unit> {
  for (const target of targets) {
    if (target.kind === 'ip') yield { kind: 'ip', ip: target.ip };
    else if (target.kind === 'domain') yield { kind: 'domain', domain: target.domain };
    else for (const ip of expandCidr(target.cidr)) yield { kind: 'ip', ip };
  }
}

async function checkIp(
  ip: ParsedIp,
  options: CheckOptions,
  health: HealthCache,
  txt: TxtFetch,
): Promise<TargetReport> {
  const reversed = reverseIp(ip);
  const checks: Promise<ZoneResult>[] = [];
  for (const entry of options.catalog) {
    if (zoneAcceptsIp(entry, ip))
      checks.push(checkZone(nameInZone(reversed, entry), entry, options.resolver, health, txt));
  }
  const results = await Promise.all(checks);
  return { target: ip.text, kind: 'ip', results, summary: summarise(results) };
}

async function checkDomain(
  domain: string,
  options: CheckOptions,
  health: HealthCache,
  txt: TxtFetch,
): Promise<TargetReport> {
  const domainLists = options.catalog.filter((e) => e.kind === 'domain');
  const [domainResults, resolved] = await Promise.all([
    Promise.all(
      domainLists.map((e) => checkZone(domainQueryName(domain, e), e, options.resolver, health, txt)),
    ),
    resolveAddresses(domain, options.resolver),
  ]);
  const ipResults = await Promise.all(
    resolved.addresses.flatMap((ip) =>
      options.catalog
        .filter((e) => zoneAcceptsIp(e, ip))
        .map(async (e) => ({
          ...(await checkZone(ipQueryName(ip, e), e, options.resolver, health, txt)),
          address: ip.text,
        })),
    ),
  );
  const results = [...domainResults, ...ipResults];
  const report: TargetReport = {
    target: domain,
    kind: 'domain',
    addresses: resolved.addresses.map((a) => a.text),
    results,
    summary: summarise(results),
  };
  if (resolved.error) report.addressError = resolved.error;
  return report;
}

async function resolveAddresses(
  domain: string,
  resolver: Resolver,
): Promise<{ addresses: ParsedIp[]; error?: string }> {
  const [a, aaaa] = await Promise.all([resolver.query(domain, 'A'), resolver.query(domain, 'AAAA')]);
  const addresses: ParsedIp[] = [];
  for (const outcome of [a, aaaa]) {
    if (outcome.status !== 'answer') continue;
    for (const record of outcome.records) {
      const ip = parseIp(record);
      if (ip) addresses.push(ip);
    }
  }
  const failed = [a, aaaa].filter(
    (o) => o.status !== 'answer' && o.status !== 'nodata' && o.status !== 'nxdomain',
  );
  if (addresses.length > 0 || failed.length === 0) {
    return addresses.length === 0 ? { addresses, error: `${domain} has no A or AAAA record` } : { addresses };
  }
  return { addresses, error: `could not resolve ${domain}: ${failed.map((o) => o.status).join(', ')}` };
}

export async function checkZone(
  name: string,
  entry: CatalogEntry,
  resolver: Resolver,
  health: HealthCache,
  txtFetch: TxtFetch,
): Promise<ZoneResult> {
  if (entry.access.needs === 'key') {
    const error = `not configured: ${entry.name} needs an access key in the zone name`;
    return zoneResult(entry, 'error', [], null, null, 0, error);
  }
  const tripped = health.tripped(entry.zone);
  if (tripped) return zoneResult(entry, 'unverified', [], null, null, 0, tripped);
  const started = performance.now();
  const group = lossGroupOf(entry);
  const eagerTxt = txtFetch === 'eager' ? resolver.query(name, 'TXT', group) : undefined;
  // The hot path of bulk checks: health is settled after the first target, so no Promise.all.
  const settled = health.settled(entry);
  let zoneHealth: ZoneHealth;
  let answer: DnsOutcome<string>;
  if (settled) {
    zoneHealth = settled;
    answer = await resolver.query(name, 'A', group);
  } else {
    [zoneHealth, answer] = await Promise.all([health.get(entry), resolver.query(name, 'A', group)]);
  }
  health.record(entry.zone, answer.status);
  const verdict = interpretAnswer(entry, answer);
  if (verdict.status === 'clean' && zoneHealth.state !== 'unhealthy') {
    const ms = Math.round(performance.now() - started);
    // NXDOMAIN from a zone whose test points went unanswered proves nothing (README: a failed
    // query is never reported as clean; neither is a list whose health is not established).
    if (zoneHealth.state === 'unknown')
      return zoneResult(entry, 'unverified', verdict.codes, null, null, ms, zoneHealth.reason);
    return zoneResult(entry, 'clean', [], null, null, ms, null);
  }
  let txt: string | null = null;
  if (verdict.status === 'listed' && txtFetch !== 'none' && zoneHealth.state !== 'unhealthy') {
    const reason = await (eagerTxt ?? resolver.query(name, 'TXT', group));
    if (reason.status === 'answer') txt = reason.records.join(' | ');
  }
  const ms = Math.round(performance.now() - started);
  if (zoneHealth.state === 'unhealthy') {
    return zoneResult(entry, 'unhealthy', verdict.codes, null, null, ms, zoneHealth.reason);
  }
  if (verdict.status === 'listed')
    return zoneResult(entry, 'listed', verdict.codes, verdict.meaning, txt, ms, null);
  return zoneResult(
    entry,
    'error',
    verdict.codes,
    null,
    null,
    ms,
    verdict.status === 'error' ? verdict.error : null,
  );
}

const lossGroups = new WeakMap<CatalogEntry, QueryOptions>();

/** One options object per zone (bulk checks make millions of queries: no allocation each). */
export function lossGroupOf(entry: CatalogEntry): QueryOptions {
  let group = lossGroups.get(entry);
  if (!group) {
    group = { lossGroup: entry.zone };
    lossGroups.set(entry, group);
  }
  return group;
}

/** One result object, built in one go (bulk checks make millions: no spreads). */
function zoneResult(
  entry: CatalogEntry,
  status: ZoneResult['status'],
  codes: string[],
  meaning: string | null,
  txt: string | null,
  ms: number,
  error: string | null,
): ZoneResult {
  return {
    zone: entry.zone,
    name: entry.name,
    delist: entry.delist ?? null,
    policy: entry.policy?.text ?? null,
    scope: entry.scope,
    status,
    codes,
    meaning,
    txt,
    ms,
    error,
  };
}

export function summarise(results: readonly ZoneResult[]): CheckSummary {
  const summary: CheckSummary = { listed: 0, clean: 0, error: 0, unhealthy: 0, unverified: 0 };
  for (const r of results) summary[r.status]++;
  return summary;
}
