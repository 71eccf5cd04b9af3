/**
 * The DNS half of one group's cycle, apart from the store: probe zone health (RFC 5782 test
 * points) once, expand targets (domains re-discovered), check every address and domain through
 * the check library, and send a second query for every would-be change. What comes back is only
 * what can change the store: results whose decision is not "nothing" (a steady cycle of 10,000
 * targets x 50 lists returns a handful), the keys of state rows this cycle did not see, and the
 * discovery notes. Everything here crosses a thread boundary as plain data: the check worker
 * (check-worker.ts) runs this function off the HTTP thread; without a worker it runs in-process.
 */
import type { CatalogEntry, ZoneResult } from '../check/index.js';
import { checkTargets, checkZone, HealthCache } from '../check/index.js';
import type { ParsedIp } from '../core/ip.js';
import { reverseIp } from '../core/ip.js';
import type { Target } from '../core/targets.js';
import type { Resolver } from '../dns/index.js';
import { decide, needsConfirmation, type Observation } from './detect.js';
import { type Expansion, expandTarget } from './expand.js';
import { maskZone } from './mask.js';
import type { StateRow } from './ports.js';

/** Domains expanded at once (each costs a few DNS queries). */
const EXPAND_CONCURRENCY = 64;
/** Found results per message to the caller: one big clone would stall the HTTP thread. */
export const FOUND_BATCH = 500;

export interface CheckRequest {
  /** The group's zones (catalog entries, plain data). */
  zones: CatalogEntry[];
  /** The group's target names (canonical spelling). */
  targets: string[];
  /** Not-clean state rows of these targets before the cycle. */
  prev: StateRow[];
  /** The cycle's time (decisions of new rows carry it). */
  at: string;
}

/** One result that changes something (its decision is not "none"), with its confirmation. */
export interface Found {
  /** The watched target it belongs to. */
  owner: string;
  /** The address or domain queried. */
  subject: string;
  result: ZoneResult;
  obs: Observation;
  confirmation: Observation | null;
}

export interface CheckOutcome {
  unhealthy: { zone: string; reason: string }[];
  /** Zones queried this cycle (healthy or not probed), unmasked. */
  usableZones: string[];
  addresses: number;
  domains: number;
  /** Discovery problems per target, only targets that have some. */
  notes: [string, string[]][];
  /** Keys (rowKey) of `prev` rows that no result of this cycle touched. */
  unseen: string[];
}

export const rowKey = (target: string, zone: string, name: string) => `${target}\u0000${zone}\u0000${name}`;

export function toObservation(r: ZoneResult): Observation {
  if (r.status === 'listed') return { status: 'listed', codes: r.codes, txt: r.txt };
  if (r.status === 'clean') return { status: 'clean' };
  return { status: 'unknown', reason: r.error ?? r.status };
}

interface Candidate {
  owner: string;
  subject: string;
  result: ZoneResult;
  obs: Observation;
  entry: CatalogEntry;
  queryName: string;
}

/**
 * Runs the DNS work of a cycle; `found` receives the changing results in batches of FOUND_BATCH
 * (after the confirmations, which follow the whole check as before: a flapping answer meets its
 * second query a little later).
 */
export async function checkCycle(
  resolver: Resolver,
  request: CheckRequest,
  found: (batch: Found[]) => void,
): Promise<CheckOutcome> {
  const health = new HealthCache(resolver);
  const verdicts = await Promise.all(request.zones.map(async (z) => [z, await health.get(z)] as const));
  // A zone whose test points went unanswered (dead, unreachable, refusing us) is unknown for the
  // whole cycle, said once: querying it for every target would cost a timeout each and write an
  // "unknown" row per target x zone.
  const unhealthy = verdicts.flatMap(([z, h]) =>
    h.state === 'unhealthy'
      ? [{ zone: maskZone(z.zone), reason: h.reason }]
      : h.state === 'unknown'
        ? [{ zone: maskZone(z.zone), reason: `test points unanswered: ${h.reason}` }]
        : [],
  );
  const usable = verdicts
    .filter(([, h]) => h.state === 'healthy' || h.state === 'not-probed')
    .map(([z]) => z);
  const zoneByName = new Map(usable.map((z) => [z.zone, z]));
  const expansions = await expandAll(request.targets, resolver);
  const prev = new Map(request.prev.map((s) => [rowKey(s.target, s.zone, s.name), s]));
  const withRows = new Set(request.prev.map((s) => s.target));
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  const onResult = (ownerNames: string[], subject: string, queryLabel: string, result: ZoneResult) => {
    const entry = zoneByName.get(result.zone);
    if (!entry || result.status === 'unhealthy') return;
    for (const owner of ownerNames) {
      // The bulk of a cycle: clean now and clean before. Nothing to decide, nothing kept in memory.
      if (result.status === 'clean' && !withRows.has(owner)) continue;
      const key = rowKey(owner, result.zone, subject);
      const known = prev.has(key);
      if (known) seen.add(key);
      if (result.status === 'clean' && !known) continue;
      const obs = toObservation(result);
      const candidate = { owner, subject, result, obs, entry, queryName: `${queryLabel}.${entry.zone}` };
      // Listed before and listed now with the same codes: nothing to confirm or decide.
      if (!needsConfirmation(prev.get(key), obs) && decideFor(candidate, null).kind === 'none') continue;
      candidates.push(candidate);
    }
  };
  const decideFor = (c: Candidate, confirmation: Observation | null) =>
    decide(
      { target: c.owner, zone: c.result.zone, name: c.subject },
      prev.get(rowKey(c.owner, c.result.zone, c.subject)),
      c.obs,
      confirmation,
      request.at,
    );
  const { ips, domains } = units(expansions);
  const options = { resolver, health };
  const ipTargets: Target[] = [...ips.values()].map(({ ip }) => ({ kind: 'ip', input: ip.text, ip }));
  for await (const report of checkTargets(ipTargets, {
    ...options,
    catalog: usable.filter((z) => z.kind === 'ip'),
  })) {
    const unit = ips.get(report.target)!;
    for (const r of report.results) onResult(unit.owners, report.target, reverseIp(unit.ip), r);
  }
  const domainTargets: Target[] = [...domains.keys()].map((d) => ({ kind: 'domain', input: d, domain: d }));
  for await (const report of checkTargets(domainTargets, {
    ...options,
    catalog: usable.filter((z) => z.kind === 'domain'),
  })) {
    for (const r of report.results) onResult(domains.get(report.target)!, report.target, report.target, r);
  }
  let batch: Found[] = [];
  await Promise.all(
    candidates.map(async (c) => {
      const confirmation = needsConfirmation(prev.get(rowKey(c.owner, c.result.zone, c.subject)), c.obs)
        ? toObservation(await checkZone(c.queryName, c.entry, resolver, health, 'listed'))
        : null;
      if (decideFor(c, confirmation).kind === 'none') return;
      batch.push({ owner: c.owner, subject: c.subject, result: c.result, obs: c.obs, confirmation });
      if (batch.length >= FOUND_BATCH) {
        found(batch);
        batch = [];
      }
    }),
  );
  if (batch.length > 0) found(batch);
  return {
    unhealthy,
    usableZones: usable.map((z) => z.zone),
    addresses: ips.size,
    domains: domains.size,
    notes: [...expansions].flatMap(([t, e]) =>
      e.notes.length > 0 ? [[t, e.notes] as [string, string[]]] : [],
    ),
    unseen: [...prev.keys()].filter((k) => !seen.has(k)),
  };
}

async function expandAll(targets: string[], resolver: Resolver): Promise<Map<string, Expansion>> {
  const out = new Map<string, Expansion>();
  for (let i = 0; i < targets.length; i += EXPAND_CONCURRENCY) {
    const chunk = targets.slice(i, i + EXPAND_CONCURRENCY);
    const done = await Promise.all(chunk.map((t) => expandTarget(t, resolver)));
    chunk.forEach((t, j) => {
      out.set(t, done[j]!);
    });
  }
  return out;
}

/** Each address and domain is queried once, whatever the number of targets that contain it. */
function units(expansions: Map<string, Expansion>): {
  ips: Map<string, { ip: ParsedIp; owners: string[] }>;
  domains: Map<string, string[]>;
} {
  const ips = new Map<string, { ip: ParsedIp; owners: string[] }>();
  const domains = new Map<string, string[]>();
  for (const [target, e] of expansions) {
    for (const ip of e.addresses) {
      const unit = ips.get(ip.text);
      if (unit) {
        if (!unit.owners.includes(target)) unit.owners.push(target);
      } else ips.set(ip.text, { ip, owners: [target] });
    }
    if (e.domain) domains.set(e.domain, [...(domains.get(e.domain) ?? []), target]);
  }
  return { ips, domains };
}
