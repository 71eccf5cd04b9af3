/**
 * Deterministic data for bench:serve: N targets in 198.18.0.0/15 (RFC 2544) and Z IP lists
 * `sNN.serve.test`, each listing about 2 % of the targets (seeded), with the RFC 5782 test
 * points. `churn` lists 1 % more of the targets on the first zone: the "1 % changing" cycle.
 */
import { ipZone, type ZoneSpec } from '../../test/helpers/zones.js';
import { prng } from './bench-zones.js';

export interface ServeBenchData {
  targets: string[];
  zoneNames: string[];
  zones(churn: boolean): ZoneSpec[];
  /** Targets listed by the churn (1 % of targets). */
  churned: string[];
}

export function serveBenchData(nTargets: number, nZones: number): ServeBenchData {
  const targets: string[] = [];
  for (let i = 0; i < nTargets; i++) targets.push(`198.${18 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`);
  const rnd = prng(0x5e4e);
  const listings = Array.from({ length: nZones }, () => targets.filter(() => rnd() < 0.02));
  const listedOnFirst = new Set(listings[0]);
  const churned = targets
    .filter((t) => !listedOnFirst.has(t))
    .filter((_, i) => i % 98 === 0)
    .slice(0, nTargets / 100);
  const zoneNames = Array.from({ length: nZones }, (_, z) => `s${String(z).padStart(2, '0')}.serve.test`);
  return {
    targets,
    zoneNames,
    churned,
    zones: (churn) =>
      zoneNames.map((zone, z) => {
        const listed = z === 0 && churn ? [...listings[z]!, ...churned] : listings[z]!;
        return ipZone(
          zone,
          listed.map((entry) => ({ entry, code: '127.0.0.2', txt: `Listed by ${zone}` })),
        );
      }),
  };
}
