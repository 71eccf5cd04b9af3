/**
 * Per-group timers with jitter. A group's next cycle is due one interval after its last start
 * (kept in the store, so a restart neither hammers the lists nor forgets a cycle); an unfinished
 * last cycle (kill -9 mid-cycle) runs again at once. The run function serialises cycles, so a
 * cycle never overlaps itself or another.
 */
import type { Clock, CycleRow } from './ports.js';

export interface ScheduledGroup {
  name: string;
  intervalMs: number;
}

export interface SchedulerOptions {
  clock: Clock;
  groups: readonly ScheduledGroup[];
  /** Random share of the interval added to each wait (0-0.5): many monitors do not beat in step. */
  jitter: number;
  lastCycles: () => Promise<CycleRow[]>;
  run: (group: string) => Promise<void>;
  random?: () => number;
  log: (line: string) => void;
}

export interface Scheduler {
  start(): void;
  stop(): void;
}

/** The wait before a group's first cycle after start, ms. */
export function firstDelayMs(group: ScheduledGroup, last: CycleRow | undefined, nowMs: number): number {
  if (!last || last.finishedAt === null) return 0;
  return Math.max(0, Date.parse(last.startedAt) + group.intervalMs - nowMs);
}

export function createScheduler(o: SchedulerOptions): Scheduler {
  const timers = new Map<string, { cancel(): void }>();
  const random = o.random ?? Math.random;
  let on = false;
  const jitterMs = (g: ScheduledGroup) => Math.floor(random() * o.jitter * g.intervalMs);
  const arm = (g: ScheduledGroup, delayMs: number) => {
    if (!on) return;
    timers.set(
      g.name,
      o.clock.setTimeout(async () => {
        const started = o.clock.now().getTime();
        try {
          await o.run(g.name);
        } catch (error) {
          o.log(`cycle of group ${g.name} failed: ${(error as Error).message}`);
        }
        const next = Math.max(0, started + g.intervalMs - o.clock.now().getTime());
        arm(g, next + jitterMs(g));
      }, delayMs),
    );
  };
  return {
    start() {
      if (on) return;
      on = true;
      void o.lastCycles().then((rows) => {
        const last = new Map(rows.map((r) => [r.group, r]));
        const now = o.clock.now().getTime();
        for (const g of o.groups) arm(g, firstDelayMs(g, last.get(g.name), now) + jitterMs(g));
      });
    },
    stop() {
      on = false;
      for (const t of timers.values()) t.cancel();
      timers.clear();
    },
  };
}
