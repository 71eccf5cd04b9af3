import { Registry } from 'prom-client';
import { MxError } from '../../src/core/errors.js';
import { parseTarget } from '../../src/core/targets.js';
import type {
  AlertOutcome,
  BudgetView,
  ConfigSyncResult,
  CycleStatus,
  HistoryEvent,
  Listing,
  Monitor,
  TargetView,
} from '../../src/monitor/types.js';

/**
 * An in-memory Monitor for the HTTP tests: the contract of src/monitor/types.ts without a store,
 * a scheduler or DNS. `list()` and `delist()` script a listing change as a cycle would record it.
 */
export class FakeMonitor implements Monitor {
  readonly registry = new Registry();
  readonly targets = new Map<string, TargetView>();
  readonly events: HistoryEvent[] = [];
  cycles = 0;
  testAlerts = 0;
  started = false;
  stopped = false;
  private now: () => Date;

  constructor(now: () => Date = () => new Date('2026-11-30T12:00:00Z')) {
    this.now = now;
  }

  async listTargets(): Promise<TargetView[]> {
    return [...this.targets.values()];
  }

  async getTarget(target: string): Promise<TargetView | null> {
    return this.targets.get(target) ?? null;
  }

  async addTarget(input: { target: string; group?: string; name?: string }): Promise<TargetView> {
    let parsed: ReturnType<typeof parseTarget>;
    try {
      parsed = parseTarget(input.target);
    } catch (error) {
      throw new MxError('usage', (error as Error).message);
    }
    const view: TargetView = {
      target: parsed.input,
      name: input.name ?? null,
      group: input.group ?? 'default',
      kind: parsed.kind,
      state: 'unknown',
      listings: [],
      unknown: [],
      checkedAt: null,
      addedAt: this.now().toISOString(),
    };
    this.targets.set(view.target, view);
    return view;
  }

  async removeTarget(target: string): Promise<boolean> {
    return this.targets.delete(target);
  }

  async reloadTargets(): Promise<ConfigSyncResult> {
    return { added: [], updated: [], removed: [] };
  }

  async history(target: string, limit = 100): Promise<HistoryEvent[]> {
    return this.events
      .filter((e) => e.target === target)
      .slice(-limit)
      .reverse();
  }

  async recentChanges(limit: number): Promise<HistoryEvent[]> {
    return this.events.slice(-limit).reverse();
  }

  async runCycle(): Promise<void> {
    this.cycles++;
    for (const view of this.targets.values()) {
      view.checkedAt = this.now().toISOString();
      if (view.state === 'unknown') view.state = view.listings.length > 0 ? 'listed' : 'clean';
    }
  }

  status(): CycleStatus {
    return {
      running: false,
      startedAt: null,
      finishedAt: this.cycles > 0 ? this.now().toISOString() : null,
      durationMs: this.cycles > 0 ? 12 : null,
      cycles: this.cycles,
      unhealthyZones: [],
    };
  }

  budgets(): BudgetView[] {
    return [{ zone: 'zen.example', queriesPerDay: 48, limitPerDay: 1000, advice: null }];
  }

  async sendTestAlert(): Promise<AlertOutcome[]> {
    this.testAlerts++;
    return [{ channel: 'webhook', ok: true, error: null }];
  }

  start(): void {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** Records a listing of `target` on `zone` (the target must have been added). */
  list(target: string, listing: Partial<Listing> & { zone: string }): void {
    const view = this.targets.get(target);
    if (!view) throw new Error(`fake monitor: no target ${target}`);
    const at = this.now().toISOString();
    const full: Listing = {
      name: listing.zone,
      address: target,
      since: at,
      codes: ['127.0.0.2'],
      txt: null,
      meaning: null,
      delist: null,
      policy: null,
      ...listing,
    };
    view.listings.push(full);
    view.state = 'listed';
    view.checkedAt = at;
    this.events.push({ target, zone: full.zone, event: 'listed', at, codes: full.codes, txt: full.txt });
  }

  /** Records the delisting of `target` from `zone`. */
  delist(target: string, zone: string): void {
    const view = this.targets.get(target);
    if (!view) throw new Error(`fake monitor: no target ${target}`);
    view.listings = view.listings.filter((l) => l.zone !== zone);
    view.state = view.listings.length > 0 ? 'listed' : 'clean';
    const at = this.now().toISOString();
    this.events.push({ target, zone, event: 'delisted', at, codes: [], txt: null });
  }
}
