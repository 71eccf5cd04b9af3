/**
 * One cycle of one group: the DNS half (zone health, target expansion, every address and domain
 * checked through the check library, a second query for each would-be change) runs in the
 * checker, on a worker thread in `serve` (check-client.ts); this half decides and writes every
 * change with its alerts in ONE transaction. A clean answer writes nothing; a kill -9 before the
 * write loses only the cycle, which the next start runs again.
 */
import type { CatalogEntry } from '../check/index.js';
import type { CycleChecker } from './check-client.js';
import { type Found, rowKey } from './cycle-check.js';
import { addFirstScans, isTransition, record } from './cycle-events.js';
import { decide, FLAP_WINDOW_MS, FLAPPING_NOTE, flapVerdict } from './detect.js';
import type { ChangeBatch, Clock, StateRow, Store, StoredEvent, StoredTarget } from './ports.js';
import type { GroupConfig } from './types.js';

export interface CycleContext {
  store: Store;
  checker: CycleChecker;
  clock: Clock;
  channels: string[];
  hold: boolean;
  /** True once the monitor is stopping: the cycle is abandoned before it writes anything. */
  abandoned?: () => boolean;
  /** Writes the batch (the monitor mirrors it into its in-memory views); default store.apply. */
  apply?: (batch: ChangeBatch) => Promise<void>;
}

export interface GroupPlan {
  group: GroupConfig;
  zones: CatalogEntry[];
  targets: StoredTarget[];
  /** The not-clean state rows of these targets before the cycle. */
  prev: StateRow[];
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
  const found: Found[] = [];
  const checked = await ctx.checker.check(
    { zones: plan.zones, targets: plan.targets.map((t) => t.target), prev: plan.prev, at: nowIso },
    (items) => {
      for (const item of items) found.push(item);
    },
  );
  // A steady cycle comes back with nothing found and nothing unseen: no index of 10,000 rows then.
  const prev =
    found.length > 0 || checked.unseen.length > 0
      ? new Map(plan.prev.map((s) => [rowKey(s.target, s.zone, s.name), s]))
      : new Map<string, StateRow>();
  const notes = new Map(checked.notes);
  const batch = await decideAll(ctx, plan, found, prev, nowIso);
  dropVanished(batch, prev, checked.unseen, plan, new Set(checked.usableZones), notes);
  addFirstScans(batch, plan, nowIso);
  if (ctx.abandoned?.()) throw new Error('cycle abandoned: the monitor is stopping');
  const before = ctx.store.stats().rowsWritten;
  await (ctx.apply ?? ((b) => ctx.store.apply(b)))(batch);
  return {
    unhealthy: checked.unhealthy,
    subjects: checked.addresses + checked.domains,
    addresses: checked.addresses,
    domains: checked.domains,
    notes,
    events: batch.events,
    rowsWritten: ctx.store.stats().rowsWritten - before,
  };
}

/** The checker sent only results whose decision is not "none"; decided again here with the store. */
async function decideAll(
  c: CycleContext,
  plan: GroupPlan,
  items: Found[],
  rows: Map<string, StateRow>,
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
  if (items.length === 0) return out;
  const owners = new Map(plan.targets.map((t) => [t.target, t]));
  const since = new Date(Date.parse(at) - FLAP_WINDOW_MS).toISOString();
  await Promise.all(
    items.map(async (f) => {
      const owner = owners.get(f.owner);
      if (!owner) return;
      const prevRow = rows.get(rowKey(f.owner, f.result.zone, f.subject));
      const subject = { target: f.owner, zone: f.result.zone, name: f.subject };
      const decision = decide(subject, prevRow, f.obs, f.confirmation, at);
      // A first scan records its listings unalerted anyway: no flap count needed.
      const firstScan = owner.firstScanAt === null;
      const flap =
        !firstScan && isTransition(decision)
          ? flapVerdict(await c.store.countTransitions(subject.target, subject.zone, subject.name, since))
          : 'alert';
      record(
        out,
        decision,
        { owner, subject: f.subject, result: f.result },
        prevRow,
        at,
        flap === 'damped' || firstScan,
        flap === 'flapping' ? FLAPPING_NOTE : '',
      );
    }),
  );
  return out;
}

/** Rows for addresses a domain no longer has (a changed MX or SPF) end without an alert. */
function dropVanished(
  batch: ChangeBatch,
  prev: Map<string, StateRow>,
  unseen: string[],
  plan: GroupPlan,
  zones: Set<string>,
  notes: Map<string, string[]>,
): void {
  if (unseen.length === 0) return;
  const complete = new Set(plan.targets.filter((t) => !notes.has(t.target)).map((t) => t.target));
  for (const key of unseen) {
    const row = prev.get(key);
    if (row && complete.has(row.target) && zones.has(row.zone)) {
      batch.deletes.push({ target: row.target, zone: row.zone, name: row.name });
    }
  }
}
