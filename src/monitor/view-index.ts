/**
 * The monitor's reads kept in memory: every target, its not-clean state rows and each group's
 * last cycle, loaded from the store once and updated by each write the monitor makes (a cycle's
 * batch, a target added or removed, a config sync), so that the API answers a target in
 * microseconds and the list of 10,000 from memory instead of reading every row on the HTTP
 * thread (about 0.2-0.4 s each time, during which no request was served). The store stays the
 * truth: the index is rebuilt from it at every start, and each write is mirrored only after the
 * store took it, in the order the store took them (one write at a time).
 */
import type { ChangeBatch, CycleRow, StateRow, Store, StoredTarget } from './ports.js';
import type { TargetView } from './types.js';
import { buildView, type ViewContext } from './views.js';

export interface ViewIndex {
  /** Reads every target, state row and last cycle from the store (at start, after a config sync). */
  load(): Promise<void>;
  /** A store write and its mirror, one at a time in the order called. */
  write<T>(op: () => Promise<T>, mirror: (result: T) => void | Promise<void>): Promise<T>;
  /** Mirrors a batch the store applied. */
  applied(batch: ChangeBatch): void;
  putTarget(target: StoredTarget): void;
  dropTarget(target: string): void;
  /** Re-reads the groups' last cycles (after a cycle starts or ends). */
  reloadCycles(): Promise<void>;
  /** Something a view shows changed outside the store (unhealthy zones, discovery notes). */
  touch(): void;
  targets(): StoredTarget[];
  target(name: string): StoredTarget | undefined;
  /** Not-clean rows of these targets (a cycle's starting point). */
  rowsOf(names: Iterable<string>): StateRow[];
  /**
   * Every view, sorted as the store lists targets (added, then name); the same array until a
   * change. Built VIEW_SLICE targets at a time with a turn of the event loop between: after a
   * cycle all 10,000 views change (their checkedAt), and one build in a go held every request.
   */
  views(): Promise<readonly TargetView[]>;
  view(name: string): TargetView | null;
}

type Base = Omit<ViewContext, 'cycles'>;

/** Views built between two turns of the event loop (about a millisecond's work). */
const VIEW_SLICE = 500;

const byAdded = (a: StoredTarget, b: StoredTarget) =>
  a.addedAt === b.addedAt ? (a.target < b.target ? -1 : 1) : a.addedAt < b.addedAt ? -1 : 1;

export function createViewIndex(store: Store, base: Base): ViewIndex {
  let targets = new Map<string, StoredTarget>();
  /** Rows by target, then by `${zone}\0${name}`: kept as the store keeps them, even for a target removed mid-cycle. */
  let rows = new Map<string, Map<string, StateRow>>();
  let cycles = new Map<string, CycleRow>();
  let cached: readonly TargetView[] | null = null;
  let version = 0;
  let building: { version: number; views: Promise<readonly TargetView[] | null> } | null = null;
  let lock: Promise<unknown> = Promise.resolve();
  const ctx = (): ViewContext => ({ ...base, cycles });
  const rowsFor = (name: string) => [...(rows.get(name)?.values() ?? [])];
  const changed = () => {
    version++;
    cached = null;
  };

  /** The views of version `v`, or null when a change came in while they were being built. */
  async function build(v: number): Promise<readonly TargetView[] | null> {
    const list = [...targets.values()].sort(byAdded);
    const out: TargetView[] = [];
    for (let i = 0; i < list.length; i += VIEW_SLICE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      if (version !== v) return null;
      const c = ctx();
      for (const t of list.slice(i, i + VIEW_SLICE)) out.push(buildView(t, rowsFor(t.target), c));
    }
    if (version !== v) return null;
    cached = Object.freeze(out);
    return cached;
  }

  return {
    async load() {
      const [t, s, c] = await Promise.all([store.listTargets(), store.listStates(), store.lastCycles()]);
      targets = new Map(t.map((x) => [x.target, x]));
      rows = new Map();
      for (const r of s) putRow(rows, r);
      cycles = new Map(c.map((x) => [x.group, x]));
      changed();
    },
    write(op, mirror) {
      const run = lock.then(async () => {
        const result = await op();
        await mirror(result);
        return result;
      });
      lock = run.catch(() => {});
      return run;
    },
    applied(batch) {
      for (const r of batch.upserts) putRow(rows, r);
      for (const d of batch.deletes) {
        const own = rows.get(d.target);
        own?.delete(`${d.zone}\u0000${d.name}`);
        if (own?.size === 0) rows.delete(d.target);
      }
      for (const f of batch.firstScans) {
        const t = targets.get(f.target);
        if (t && t.firstScanAt === null) targets.set(f.target, { ...t, firstScanAt: f.at });
      }
      changed();
    },
    putTarget(target) {
      targets.set(target.target, target);
      changed();
    },
    dropTarget(target) {
      targets.delete(target);
      rows.delete(target);
      changed();
    },
    async reloadCycles() {
      cycles = new Map((await store.lastCycles()).map((x) => [x.group, x]));
      changed();
    },
    touch: changed,
    targets: () => [...targets.values()].sort(byAdded),
    target: (name) => targets.get(name),
    rowsOf(names) {
      const out: StateRow[] = [];
      for (const n of names) for (const r of rows.get(n)?.values() ?? []) out.push(r);
      return out;
    },
    async views() {
      for (;;) {
        if (cached) return cached;
        if (building?.version !== version) building = { version, views: build(version) };
        const views = await building.views;
        if (views) return views;
      }
    },
    view(name) {
      const t = targets.get(name);
      return t ? buildView(t, rowsFor(name), ctx()) : null;
    },
  };
}

function putRow(rows: Map<string, Map<string, StateRow>>, r: StateRow): void {
  let own = rows.get(r.target);
  if (!own) {
    own = new Map();
    rows.set(r.target, own);
  }
  own.set(`${r.zone}\u0000${r.name}`, r);
}
