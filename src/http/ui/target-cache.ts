import type { Monitor, TargetView } from '../../monitor/types.js';

/**
 * How long the dashboard reuses the target list. The monitor answers it from memory (its view
 * index), but copying and rendering 10,000 views still costs the HTTP thread a few ms, and every
 * open dashboard polls once a minute. The API's own reads are the monitor's current views.
 */
export const TARGET_CACHE_MS = 5000;

export interface TargetCache {
  get(): Promise<TargetView[]>;
  /** After any change through the API or the dashboard: the next read is fresh. */
  invalidate(): void;
}

/** Reuses monitor.listTargets() until a cycle finishes, a change is made, or TARGET_CACHE_MS pass. */
export function createTargetCache(monitor: Monitor, nowMs: () => number): TargetCache {
  let cached: { key: string; at: number; targets: Promise<TargetView[]> } | null = null;
  const keyOf = () => {
    const s = monitor.status();
    return `${s.cycles}|${s.finishedAt}|${s.running}`;
  };
  return {
    get() {
      const key = keyOf();
      const now = nowMs();
      if (cached && cached.key === key && now - cached.at < TARGET_CACHE_MS) return cached.targets;
      const targets = monitor.listTargets();
      cached = { key, at: now, targets };
      // A failed read is not kept: the next request tries again.
      targets.catch(() => {
        if (cached?.targets === targets) cached = null;
      });
      return targets;
    },
    invalidate() {
      cached = null;
    },
  };
}
