import type { Resolver } from '../dns/types.js';
import type { CatalogEntry } from './catalog-types.js';
import { interpretAnswer } from './interpret.js';
import type { ZoneHealth } from './types.js';

/**
 * RFC 5782 §5 test points: an IP list must list 127.0.0.2 and must not list 127.0.0.1; a
 * domain list must list `test` and must not list `invalid`. A zone failing the first is dead or
 * emptied; failing the second lists everything (a parked domain with a wildcard, or a list that
 * went rogue). Either way its answer for a real target means nothing.
 */
/** How an unhealthy zone's reason begins when it misses its always-listed test point. */
export const DEAD_ZONE_REASON = 'dead or emptied';

export async function probeZoneHealth(entry: CatalogEntry, resolver: Resolver): Promise<ZoneHealth> {
  if (!entry.testPoints) return { state: 'not-probed' };
  const [must, mustNot] = entry.kind === 'ip' ? ['2.0.0.127', '1.0.0.127'] : ['test', 'invalid'];
  const [positive, negative] = await Promise.all([
    resolver.query(`${must}.${entry.zone}`, 'A'),
    resolver.query(`${mustNot}.${entry.zone}`, 'A'),
  ]);
  const pos = interpretAnswer(entry, positive);
  const neg = interpretAnswer(entry, negative);
  const shown = entry.kind === 'ip' ? ['127.0.0.2', '127.0.0.1'] : ['test', 'invalid'];
  if (neg.status === 'listed') {
    return {
      state: 'unhealthy',
      reason: `lists everything: the RFC 5782 test point ${shown[1]} (never listed) is listed`,
    };
  }
  if (pos.status === 'clean') {
    return {
      state: 'unhealthy',
      reason: `${DEAD_ZONE_REASON}: the RFC 5782 test point ${shown[0]} (always listed) is not listed`,
    };
  }
  if (pos.status === 'error') return { state: 'unknown', reason: pos.error };
  if (neg.status === 'error') return { state: 'unknown', reason: neg.error };
  return { state: 'healthy' };
}

/** Health is probed once per zone per run (or per resolver lifetime) and shared by every target. */
export class HealthCache {
  private readonly cache = new Map<string, Promise<ZoneHealth>>();

  /** The same verdicts once settled, readable without awaiting (the bulk-check hot path). */
  private readonly known = new Map<string, ZoneHealth>();

  constructor(private readonly resolver: Resolver) {}

  /** The zone's health if it has been probed already, else undefined. */
  settled(entry: CatalogEntry): ZoneHealth | undefined {
    return this.known.get(entry.zone);
  }

  get(entry: CatalogEntry): Promise<ZoneHealth> {
    let health = this.cache.get(entry.zone);
    if (!health) {
      health = probeZoneHealth(entry, this.resolver).then((settled) => {
        this.known.set(entry.zone, settled);
        return settled;
      });
      this.cache.set(entry.zone, health);
    }
    return health;
  }
}
