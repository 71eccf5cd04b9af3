/**
 * Query budgets: what a watch list costs each list per day, against the list's free-use limit.
 * Spamhaus's public mirrors are free only for low-volume, non-commercial use: at most 300,000
 * queries a day (Spamhaus "DNSBL Usage Terms", spamhaus.org/blocklists/dnsbl-fair-use-policy/);
 * beyond it they answer 127.255.255.255 (excessive queries), which mxdoctor reads as unknown.
 */
import type { CatalogEntry } from '../check/index.js';
import { formatDuration } from './duration.js';
import { maskZone } from './mask.js';
import type { BudgetView, GroupConfig } from './types.js';

export const KNOWN_DAILY_LIMITS: readonly { suffix: string; limitPerDay: number }[] = [
  { suffix: 'spamhaus.org', limitPerDay: 300_000 },
];
/** From this share of the limit on, the view warns before the list starts refusing. */
export const WARN_SHARE = 0.8;
/** Each cycle also asks the two RFC 5782 test points of every zone. */
const HEALTH_QUERIES_PER_CYCLE = 2;

export function dailyLimit(zone: string, overrides: Record<string, number>): number | null {
  if (overrides[zone] !== undefined) return overrides[zone]!;
  const known = KNOWN_DAILY_LIMITS.find((k) => zone === k.suffix || zone.endsWith(`.${k.suffix}`));
  return known?.limitPerDay ?? null;
}

export interface GroupLoad {
  group: GroupConfig;
  zones: readonly CatalogEntry[];
  /** Addresses (IP lists) and domains (domain lists) one cycle checks. */
  addresses: number;
  domains: number;
}

export function computeBudgets(loads: readonly GroupLoad[], overrides: Record<string, number>): BudgetView[] {
  const perZone = new Map<string, { queries: number; loads: GroupLoad[] }>();
  for (const load of loads) {
    const cyclesPerDay = 86_400_000 / load.group.intervalMs;
    for (const z of load.zones) {
      const subjects = z.kind === 'ip' ? load.addresses : load.domains;
      const entry = perZone.get(z.zone) ?? { queries: 0, loads: [] };
      // A group with nothing to check skips its cycle's zone health probes too.
      const health = load.addresses + load.domains > 0 ? HEALTH_QUERIES_PER_CYCLE : 0;
      entry.queries += (subjects + health) * cyclesPerDay;
      entry.loads.push(load);
      perZone.set(z.zone, entry);
    }
  }
  return [...perZone].map(([zone, { queries, loads: used }]) => {
    const limitPerDay = dailyLimit(zone, overrides);
    const queriesPerDay = Math.ceil(queries);
    const shown = maskZone(zone);
    return {
      zone: shown,
      queriesPerDay,
      limitPerDay,
      advice: advise(shown, queriesPerDay, limitPerDay, used),
    };
  });
}

function advise(zone: string, queries: number, limit: number | null, loads: GroupLoad[]): string | null {
  if (limit === null || queries < limit * WARN_SHARE) return null;
  const factor = queries / (limit * WARN_SHARE);
  const longest = Math.max(...loads.map((l) => l.group.intervalMs));
  const interval = formatDuration(Math.ceil((longest * factor) / 60_000) * 60_000);
  const state = queries > limit ? 'over' : 'near';
  return (
    `${queries.toLocaleString('en')} queries/day is ${state} the ${limit.toLocaleString('en')}/day free use of ${zone}: ` +
    `query through your own recursive resolver (not a public one), use a DQS key, or lengthen the interval to ${interval} or more`
  );
}
