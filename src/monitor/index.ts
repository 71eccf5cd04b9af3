/**
 * The monitor behind `mxdoctor serve`: createMonitor wires the store, the cycle, the outbox and
 * the scheduler; src/http and src/cli/serve.ts use only this face and ./types.ts.
 *
 * @example
 * const monitor = createMonitor({ config: configFromFlags({ interval: '1h' }), dataDir, resolver, catalog });
 * await monitor.addTarget({ target: '192.0.2.27' });
 * await monitor.runCycle();
 */
import { describeError, MxError } from '../core/errors.js';
import { parseTarget } from '../core/targets.js';
import { fetchPoster, nodemailerSender } from './adapters.js';
import { channelLabel } from './alerts.js';
import { computeBudgets } from './budget.js';
import { type CycleChecker, inProcessChecker, workerChecker } from './check-client.js';
import { canonicalTarget as canonical, checkTargetName, configTargets, describeSync } from './config-sync.js';
import { type GroupPlan, runGroupCycle } from './cycle.js';
import { createDeliveryLoop } from './delivery-loop.js';
import { watchRecordDrift } from './drift.js';
import { createMetrics } from './metrics.js';
import { type Delivery, sendTestAlerts } from './outbox.js';
import { type ChangeBatch, type Clock, type StoredTarget, systemClock } from './ports.js';
import { createScheduler } from './scheduler.js';
import { defaultProber, type SmtpWatch, watchSmtp } from './smtp-watch.js';
import { openSqliteStore } from './store-sqlite.js';
import type { BudgetView, CycleStatus, Monitor, MonitorOptions, TargetView } from './types.js';
import { createViewIndex } from './view-index.js';
import { toHistoryEvent } from './views.js';
import { createWorld, type World } from './world.js';

export { configFromFlags, parseMonitorConfig } from './config.js';
export { createMemoryStore } from './store-memory.js';
export { openSqliteStore } from './store-sqlite.js';
export type * from './types.js';

export const DEFAULT_DATA_DIR = './mxdoctor-data';
export const MAX_HISTORY = 1000;
/** How long stop() waits for a cycle in flight before closing the store under it. */
export const STOP_GRACE_MS = 5000;
/**
 * With a shared queue, how often this process re-reads what the other processes wrote: its API,
 * dashboard and metrics lag the database by at most this much.
 */
export const SHARED_REFRESH_MS = 15_000;

export function createMonitor(
  options: MonitorOptions,
): Monitor & { readonly registry: import('prom-client').Registry } {
  const clock: Clock = options.clock ?? systemClock;
  const log = options.log ?? (() => {});
  const store = options.store ?? openSqliteStore(options.dataDir);
  const world: World = createWorld(options);
  // Read at scrape time from the view index (defined below; only read once the monitor exists).
  const metrics = createMetrics(async () => ({
    views: await index.views(),
    unhealthyZones: status.unhealthyZones.length,
  }));
  const channels = options.config.alerts.map(channelLabel);
  const delivery: Delivery = {
    channels: options.config.alerts,
    post: options.post ?? fetchPoster,
    mail: options.mail ?? nodemailerSender,
    clock,
    log,
    counted: (channel, ok) => metrics.alerts.inc({ channel, outcome: ok ? 'sent' : 'failed' }),
  };
  const loop = createDeliveryLoop(store, delivery, { channels, digestHours: options.config.digestHours });
  const deliver = () => loop.deliver();
  const status: CycleStatus = {
    running: false,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    cycles: 0,
    unhealthyZones: [],
  };
  const unhealthy = new Map<string, { zone: string; reason: string }[]>();
  const notes = new Map<string, string[]>();
  const load = new Map<string, { addresses: number; domains: number }>();
  const saidUnhealthy = new Set<string>();
  const index = createViewIndex(store, { catalog: world.catalogByZone, unhealthy, notes });
  const worker = options.checkWorker ? workerChecker(options.checkWorker) : null;
  if (options.checkWorker && !worker) log('no check worker script: cycles check on this thread');
  const checker: CycleChecker = worker ?? inProcessChecker(options.resolver);
  let chain: Promise<void> = Promise.resolve();
  let current: Promise<void> | null = null;
  let stopped = false;
  let lastPrune = 0;
  let budgetCache: BudgetView[] | null = null;
  const ready = syncConfigTargets(options.config);
  const smtpWatch: SmtpWatch = {
    probe: options.probe ?? defaultProber(options.resolver),
    port: options.config.smtpPort ?? 25,
    allow: options.config.allow,
    log,
  };
  const queue = options.cycleQueue ?? null;
  let refreshTimer: { cancel(): void } | null = null;
  const scheduler = createScheduler({
    clock,
    groups: world.groups,
    jitter: options.config.jitter,
    lastCycles: () => store.lastCycles(),
    // Shared (several processes on one database): the timer only asks; whoever fetches the job runs it.
    run: (group) => (queue ? queue.submit(group) : runGroup(group)),
    log,
  });

  /** Config targets that left the file stop being watched (history kept); API targets stay. */
  async function syncConfigTargets(config: MonitorOptions['config']) {
    const wanted = configTargets(config, clock.now().toISOString());
    const result = await index.write(
      () => store.syncConfigTargets(wanted),
      () => index.load(),
    );
    const line = describeSync(result);
    if (line) log(line);
    return result;
  }

  /** Runs fn after every queued cycle: cycles never overlap. */
  function exclusive(fn: () => Promise<void>): Promise<void> {
    const run = chain.then(fn, fn);
    chain = run.catch(() => {});
    return run;
  }

  async function runPlan(plan: GroupPlan, recordCycle: boolean): Promise<void> {
    if (stopped) return;
    const started = clock.now();
    const cycleId = recordCycle
      ? await index.write(
          () => store.startCycle(plan.group.name, started.toISOString()),
          () => index.reloadCycles(),
        )
      : null;
    const ctx = {
      store,
      checker,
      clock,
      channels,
      hold: options.config.digestHours !== null,
      abandoned: () => stopped,
      apply: applyBatch,
    };
    const outcome = await runGroupCycle(ctx, plan);
    if (stopped) return;
    if (plan.group.records || plan.group.smtp) {
      const batch: ChangeBatch = {
        upserts: [],
        deletes: [],
        events: [],
        channels,
        hold: ctx.hold,
        firstScans: [],
        records: [],
      };
      if (plan.group.records) {
        await watchRecordDrift(store, options.resolver, plan.targets, started.toISOString(), batch);
      }
      if (plan.group.smtp)
        await watchSmtp(
          store,
          options.resolver,
          plan.targets,
          started,
          smtpWatch,
          batch,
          plan.group.intervalMs,
        );
      await applyBatch(batch);
      outcome.events.push(...batch.events);
    }
    if (cycleId !== null)
      await index.write(
        () => store.finishCycle(cycleId, clock.now().toISOString()),
        () => index.reloadCycles(),
      );
    for (const e of outcome.events) metrics.events.inc({ event: e.event });
    for (const [t, n] of outcome.notes) notes.set(t, n);
    if (recordCycle) {
      unhealthy.set(plan.group.name, outcome.unhealthy);
      sayUnhealthyOnce(outcome.unhealthy);
      metrics.cycles.inc({ group: plan.group.name });
      metrics.cycleSeconds.set(
        { group: plan.group.name },
        (clock.now().getTime() - started.getTime()) / 1000,
      );
      load.set(plan.group.name, { addresses: outcome.addresses, domains: outcome.domains });
      budgetCache = null;
    }
    index.touch();
    log(
      `cycle ${plan.group.name}: ${plan.targets.length} target(s), ${outcome.subjects} address(es)/domain(s), ` +
        `${outcome.events.length} event(s), ${outcome.rowsWritten} row(s) written`,
    );
  }

  /** A zone failing its test points is said once when it turns unhealthy, not per target or per cycle. */
  function sayUnhealthyOnce(list: { zone: string; reason: string }[]): void {
    for (const u of list) {
      if (!saidUnhealthy.has(u.zone))
        log(`zone ${u.zone} is unhealthy this cycle (its answers are ignored): ${u.reason}`);
      saidUnhealthy.add(u.zone);
    }
    for (const zone of [...saidUnhealthy]) {
      if (![...unhealthy.values()].some((l) => l.some((u) => u.zone === zone))) {
        saidUnhealthy.delete(zone);
        log(`zone ${zone} is healthy again`);
      }
    }
    const byZone = new Map([...unhealthy.values()].flat().map((u) => [u.zone, u]));
    status.unhealthyZones = [...byZone.values()];
  }

  /** A batch written and mirrored into the in-memory views. */
  function applyBatch(batch: ChangeBatch): Promise<void> {
    return index.write(
      () => store.apply(batch),
      () => index.applied(batch),
    );
  }

  async function planFor(groupName: string, only?: string): Promise<GroupPlan> {
    await ready;
    const targets = index
      .targets()
      .filter((t) => world.groupOf(t.group).name === groupName && (only === undefined || t.target === only));
    const group = world.groupByName(groupName);
    return { group, zones: world.zonesOf(group), targets, prev: index.rowsOf(targets.map((t) => t.target)) };
  }

  /** `due` (shared queue only): asked under the group's lock; false skips the cycle. */
  async function runGroup(groupName: string, due?: () => Promise<boolean>): Promise<void> {
    await ready;
    await exclusive(() =>
      shared(groupName, due === undefined, async () => {
        if (due && !(await due())) return;
        status.running = true;
        const started = clock.now();
        status.startedAt = started.toISOString();
        try {
          await runPlan(await planFor(groupName), true);
        } finally {
          status.running = false;
          status.finishedAt = clock.now().toISOString();
          status.durationMs = clock.now().getTime() - started.getTime();
          status.cycles++;
        }
      }),
    );
    await afterCycle();
  }

  /**
   * With a shared queue, fn runs while no other process runs a cycle of the group, after reading
   * what the others wrote (this process's view index only follows its own writes). Alone: fn.
   * Always called inside exclusive() (this process's chain first, then the database lock: the
   * other order could deadlock a process against itself).
   */
  async function shared(groupName: string, wait: boolean, fn: () => Promise<void>): Promise<void> {
    if (!queue) return fn();
    await queue.exclusive(groupName, wait, async () => {
      await index.write(
        async () => undefined,
        () => index.load(),
      );
      await fn();
    });
  }

  /** Shared queue: the views re-read from the store every SHARED_REFRESH_MS. */
  function refreshShared(): void {
    refreshTimer = clock.setTimeout(() => {
      void index
        .write(
          async () => undefined,
          () => index.load(),
        )
        .catch((error) => log(`re-reading the shared store: ${describeError(error)}`))
        .finally(() => {
          if (!stopped) refreshShared();
        });
    }, SHARED_REFRESH_MS);
  }

  /**
   * A group's cycle job from the shared queue. Every process's timer sends one when the group is
   * due, so a cycle that any process started less than half an interval ago is this one: skipped.
   * An unfinished last cycle while we hold the group's lock is one whose process died: run again.
   */
  async function runSharedGroup(groupName: string): Promise<void> {
    await ready;
    if (stopped || !world.hasGroup(groupName)) return;
    await runGroup(groupName, async () => {
      const last = (await store.lastCycles()).find((c) => c.group === groupName);
      if (!last?.finishedAt) return true;
      const sinceMs = clock.now().getTime() - Date.parse(last.startedAt);
      return sinceMs >= world.groupByName(groupName).intervalMs / 2;
    });
  }

  async function afterCycle(): Promise<void> {
    if (stopped) return;
    await refreshMetrics();
    await deliver();
    const now = clock.now().getTime();
    if (now - lastPrune > 86_400_000) {
      lastPrune = now;
      const before = new Date(now - options.config.retentionDays * 86_400_000).toISOString();
      await store.prune(before);
    }
  }

  /** The index's own array (not listTargets()'s copy): the next scrape sees it unchanged and skips the rebuild. */
  async function refreshMetrics(): Promise<void> {
    await ready;
    metrics.refresh(await index.views(), status.unhealthyZones.length);
  }

  /** From memory (view-index.ts): no store read on the HTTP thread. */
  async function listTargets(): Promise<TargetView[]> {
    await ready;
    return [...(await index.views())];
  }

  async function getTarget(target: string): Promise<TargetView | null> {
    await ready;
    return index.view(normaliseTarget(target));
  }

  return {
    registry: metrics.registry,
    listTargets,
    getTarget,
    async addTarget(input) {
      await ready;
      const group = input.group ?? 'default';
      if (!world.hasGroup(group)) throw new MxError('usage', `group "${group}" is not in the configuration`);
      let parsed: ReturnType<typeof parseTarget>;
      try {
        parsed = parseTarget(input.target);
      } catch (error) {
        throw new MxError('usage', (error as Error).message, { cause: error });
      }
      const name = input.name === undefined ? null : checkTargetName(input.name);
      const stored: StoredTarget = {
        target: canonical(parsed),
        group,
        kind: parsed.kind,
        addedAt: clock.now().toISOString(),
        firstScanAt: null,
        name,
        source: 'api',
      };
      const saved = await index.write(
        async () => {
          const added = await store.addTarget(stored);
          // Already watched: a group or a name given explicitly moves or renames it.
          const patch: { group?: string; name?: string } = {};
          if (input.group !== undefined && added.group !== input.group) patch.group = input.group;
          if (name !== null && added.name !== name) patch.name = name;
          return Object.keys(patch).length > 0 ? (await store.updateTarget(added.target, patch))! : added;
        },
        (t) => index.putTarget(t),
      );
      if (saved.firstScanAt === null && !stopped) {
        // The first scan right away (serialised with cycles): it reports once, then only changes.
        const groupName = world.groupOf(saved.group).name;
        void exclusive(() =>
          shared(groupName, true, async () => runPlan(await planFor(groupName, saved.target), false)),
        )
          .then(afterCycle)
          .catch((error) => log(`first scan of ${saved.target}: ${describeError(error)}`));
      }
      return (await getTarget(saved.target))!;
    },
    async removeTarget(target) {
      await ready;
      const name = normaliseTarget(target);
      return index.write(
        () => store.removeTarget(name),
        () => index.dropTarget(name),
      );
    },
    async reloadTargets(config) {
      await ready;
      const result = await syncConfigTargets(config);
      for (const g of config.groups)
        if (!world.hasGroup(g.name))
          log(`group ${g.name} is new: its targets join the default group until a restart`);
      return result;
    },
    async history(target, limit = 100) {
      await ready;
      return (await store.history(normaliseTarget(target), Math.min(limit, MAX_HISTORY))).map(toHistoryEvent);
    },
    async recentChanges(limit) {
      await ready;
      return (await store.recentEvents(Math.min(limit, MAX_HISTORY))).map(toHistoryEvent);
    },
    runCycle() {
      if (current) return current;
      current = (async () => {
        for (const g of world.groups) await runGroup(g.name);
      })().finally(() => {
        current = null;
      });
      return current;
    },
    status: () => structuredClone(status),
    budgets() {
      // Estimating a group not yet cycled parses each of its targets: once per load change, not per call.
      if (budgetCache) return budgetCache;
      const loads = world.groups.map((g) => ({
        group: g,
        zones: world.zonesOf(g),
        ...(load.get(g.name) ?? estimateLoad(g.targets)),
      }));
      budgetCache = computeBudgets(loads, options.config.budgets);
      return budgetCache;
    },
    sendTestAlert: () => sendTestAlerts(delivery),
    start() {
      scheduler.start();
      loop.start();
      if (queue) {
        queue.start(runSharedGroup).catch((error) => log(`cycle queue: ${describeError(error)}`));
        refreshShared();
      }
    },
    async stop() {
      stopped = true;
      scheduler.stop();
      refreshTimer?.cancel();
      // A cycle in flight is abandoned unwritten (the next start runs it again, as after kill -9):
      // the check worker ends at once; in-process, its DNS queries settle when the caller closes
      // the resolver, or within the grace time.
      await checker.close();
      await Promise.race([chain, new Promise<void>((resolve) => clock.setTimeout(resolve, STOP_GRACE_MS))]);
      // After the cycle ended: its job completes instead of holding the queue's graceful stop.
      await queue?.stop();
      await loop.stop();
      await store.close();
    },
  };

  function normaliseTarget(text: string): string {
    try {
      return canonical(parseTarget(text));
    } catch {
      return text.trim();
    }
  }
}

/** Before a group's first cycle: a range counts its addresses, a domain one name and two addresses. */
function estimateLoad(targets: readonly string[]): { addresses: number; domains: number } {
  let addresses = 0;
  let domains = 0;
  for (const text of targets) {
    const t = parseTarget(text);
    if (t.kind === 'ip') addresses++;
    else if (t.kind === 'cidr') addresses += Number(t.cidr.size);
    else {
      domains++;
      addresses += 2;
    }
  }
  return { addresses, domains };
}
