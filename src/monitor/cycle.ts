/**
 * One cycle of one group: probe zone health (RFC 5782 test points) once, expand targets
 * (domains re-discovered), check every address and domain through the check library, confirm
 * would-be changes with a second query, decide, and write every change with its alerts in ONE
 * transaction. A clean answer writes nothing; a kill -9 before the write loses only the cycle,
 * which the next start runs again.
 */
import type { CatalogEntry, ZoneResult } from '../check/index.js';
import { checkTargets, checkZone, HealthCache } from '../check/index.js';
import type { ParsedIp } from '../core/ip.js';
import { reverseIp } from '../core/ip.js';
import type { Target } from '../core/targets.js';
import type { Resolver } from '../dns/index.js';
import { addFirstScans, isTransition, type Pending, record } from './cycle-events.js';
import { decide, FLAP_LIMIT, FLAP_WINDOW_MS, needsConfirmation, type Observation } from './detect.js';
import { type Expansion, expandTarget } from './expand.js';
import { maskZone } from './mask.js';
import type { ChangeBatch, Clock, StateRow, Store, StoredEvent, StoredTarget } from './ports.js';
import type { GroupConfig } from './types.js';

/** Domains expanded at once (each costs a few DNS queries). */
const EXPAND_CONCURRENCY = 64;

export interface CycleContext {
  store: Store;
  resolver: Resolver;
  clock: Clock;
  channels: string[];
  hold: boolean;
  /** True once the monitor is stopping: the cycle is abandoned before it writes anything. */
  abandoned?: () => boolean;
}

export interface GroupPlan {
  group: GroupConfig;
  zones: CatalogEntry[];
  targets: StoredTarget[];
}

export interface CycleOutcome {
  unhealthy: { zone: string; reason: string }[];
  /** Addresses and domains checked (the budget's multiplier). */
  subjects: number;
  addresses: number;
  domains: number;
  /** Discovery problems per target (a domain's MX lookup timed out...). */
  notes: Map<string, string[]>;
  events: StoredEvent[];
  rowsWritten: number;
}

export async function runGroupCycle(ctx: CycleContext, plan: GroupPlan): Promise<CycleOutcome> {
  const nowIso = ctx.clock.now().toISOString();
  if (plan.targets.length === 0) {
    return {
      unhealthy: [],
      subjects: 0,
      addresses: 0,
      domains: 0,
      notes: new Map(),
      events: [],
      rowsWritten: 0,
    };
  }
  const health = new HealthCache(ctx.resolver);
  const verdicts = await Promise.all(plan.zones.map(async (z) => [z, await health.get(z)] as const));
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
  const expansions = await expandAll(plan.targets, ctx.resolver);
  const prev = new Map((await ctx.store.listStates()).map((s) => [rowKey(s.target, s.zone, s.name), s]));
  const withRows = new Set([...prev.values()].map((s) => s.target));
  const owners = new Map(plan.targets.map((t) => [t.target, t]));
  const pending: Pending[] = [];
  const seen = new Set<string>();
  const onResult = (ownerNames: string[], subject: string, queryLabel: string, result: ZoneResult) => {
    const entry = zoneByName.get(result.zone);
    if (!entry || result.status === 'unhealthy') return;
    for (const name of ownerNames) {
      // The bulk of a cycle: clean now and clean before. Nothing to decide, nothing kept in memory.
      if (result.status === 'clean' && !withRows.has(name)) continue;
      const key = rowKey(name, result.zone, subject);
      const known = prev.has(key);
      if (known) seen.add(key);
      if (result.status === 'clean' && !known) continue;
      pending.push({
        owner: owners.get(name)!,
        subject,
        result,
        obs: toObservation(result),
        entry,
        queryName: `${queryLabel}.${entry.zone}`,
      });
    }
  };
  const { ips, domains } = units(expansions);
  const options = { resolver: ctx.resolver, health };
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
  const batch = await decideAll(ctx, pending, prev, health, nowIso);
  dropVanished(batch, prev, seen, plan, usable, expansions);
  addFirstScans(batch, plan, nowIso);
  if (ctx.abandoned?.()) throw new Error('cycle abandoned: the monitor is stopping');
  const before = ctx.store.stats().rowsWritten;
  await ctx.store.apply(batch);
  const notes = new Map<string, string[]>();
  for (const [t, e] of expansions) if (e.notes.length > 0) notes.set(t, e.notes);
  return {
    unhealthy,
    subjects: ips.size + domains.size,
    addresses: ips.size,
    domains: domains.size,
    notes,
    events: batch.events,
    rowsWritten: ctx.store.stats().rowsWritten - before,
  };

  async function decideAll(
    c: CycleContext,
    items: Pending[],
    rows: Map<string, StateRow>,
    h: HealthCache,
    at: string,
  ): Promise<ChangeBatch> {
    const out: ChangeBatch = {
      upserts: [],
      deletes: [],
      events: [],
      channels: c.channels,
      hold: c.hold,
      firstScans: [],
      records: [],
    };
    const since = new Date(Date.parse(at) - FLAP_WINDOW_MS).toISOString();
    await Promise.all(
      items.map(async (p) => {
        const prevRow = rows.get(rowKey(p.owner.target, p.result.zone, p.subject));
        let confirmation: Observation | null = null;
        if (needsConfirmation(prevRow, p.obs)) {
          confirmation = toObservation(await checkZone(p.queryName, p.entry, c.resolver, h, 'listed'));
        }
        const subject = { target: p.owner.target, zone: p.result.zone, name: p.subject };
        const decision = decide(subject, prevRow, p.obs, confirmation, at);
        const damped = isTransition(decision)
          ? (await c.store.countTransitions(subject.target, subject.zone, subject.name, since)) >= FLAP_LIMIT
          : false;
        record(out, decision, p, prevRow, at, damped || p.owner.firstScanAt === null);
      }),
    );
    return out;
  }
}

/** Rows for addresses a domain no longer has (a changed MX or SPF) end without an alert. */
function dropVanished(
  batch: ChangeBatch,
  prev: Map<string, StateRow>,
  seen: Set<string>,
  plan: GroupPlan,
  usable: CatalogEntry[],
  expansions: Map<string, Expansion>,
): void {
  const complete = new Set(
    plan.targets.filter((t) => expansions.get(t.target)?.notes.length === 0).map((t) => t.target),
  );
  const zones = new Set(usable.map((z) => z.zone));
  for (const [key, row] of prev) {
    if (complete.has(row.target) && zones.has(row.zone) && !seen.has(key)) {
      batch.deletes.push({ target: row.target, zone: row.zone, name: row.name });
    }
  }
}

export function toObservation(r: ZoneResult): Observation {
  if (r.status === 'listed') return { status: 'listed', codes: r.codes, txt: r.txt };
  if (r.status === 'clean') return { status: 'clean' };
  return { status: 'unknown', reason: r.error ?? r.status };
}

const rowKey = (target: string, zone: string, name: string) => `${target}\u0000${zone}\u0000${name}`;

async function expandAll(targets: StoredTarget[], resolver: Resolver): Promise<Map<string, Expansion>> {
  const out = new Map<string, Expansion>();
  for (let i = 0; i < targets.length; i += EXPAND_CONCURRENCY) {
    const chunk = targets.slice(i, i + EXPAND_CONCURRENCY);
    const done = await Promise.all(chunk.map((t) => expandTarget(t.target, resolver)));
    chunk.forEach((t, j) => {
      out.set(t.target, done[j]!);
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
