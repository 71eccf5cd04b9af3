/**
 * Deterministic benchmark zones (the same data on every run): NZONES IP lists `blNN.bench.test`
 * that list 2-10 % of 1,000 bench addresses (every 5th list with Spamhaus-ZEN-like codes, every
 * 10th also a /25 range), the RFC 5782 test points on each, one zone with listings inside the
 * /16 of workload (iii), and the three broken zones: dead (never answers), world (lists
 * everything) and pubres (answers 127.255.255.254). Addresses are documentation and benchmark
 * ranges (RFC 5737, RFC 2544), used only as query names.
 */
import {
  deadZone,
  everythingZone,
  ipZone,
  type Listing,
  refusalZone,
  type ZoneSpec,
} from '../../test/helpers/zones.js';

export const SPECIAL_ZONES = {
  dead: 'dead.bench.test',
  world: 'world.bench.test',
  pubres: 'pubres.bench.test',
} as const;
/** Workload (iii): 198.18.0.0/16 (RFC 2544) against one zone listing 1 in 64 of its addresses. */
export const RANGE = '198.18.0.0/16';
export const RANGE_ZONE = 'range.bench.test';

const CODES = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.9', '127.0.0.10', '127.0.0.11'];

export interface BenchData {
  zones: ZoneSpec[];
  /** The NZONES normal zone names. */
  listZones: string[];
  ips: string[];
  /** `ip\tzone` of every expected listing of a bench IP on a normal zone. */
  expected: Set<string>;
  /** `ip\tzone` of every expected listing inside RANGE on RANGE_ZONE. */
  expectedRange: Set<string>;
}

/** mulberry32: a small seeded PRNG, so the zones are the same on every run. */
export function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchIps(): string[] {
  const ips: string[] = [];
  for (const prefix of ['192.0.2', '198.51.100', '203.0.113'])
    for (let i = 0; i < 256; i++) ips.push(`${prefix}.${i}`);
  for (let i = 0; ips.length < 1000; i++) ips.push(`198.19.0.${i}`);
  return ips;
}

export function generateBenchZones(nZones = 50): BenchData {
  const rnd = prng(0x5eed1234);
  const ips = benchIps();
  const zones: ZoneSpec[] = [];
  const listZones: string[] = [];
  const expected = new Set<string>();
  for (let z = 1; z <= nZones; z++) {
    const zone = `bl${String(z).padStart(2, '0')}.bench.test`;
    listZones.push(zone);
    const rate = 0.02 + rnd() * 0.08;
    const listings: Listing[] = [];
    const exact = new Set<string>();
    for (const ip of ips) {
      if (rnd() >= rate) continue;
      const code = z % 5 === 0 ? CODES[Math.floor(rnd() * CODES.length)]! : '127.0.0.2';
      listings.push({
        entry: ip,
        code,
        txt: `Listed by ${zone} (code ${code}): see https://${zone}/lookup?ip=$`,
      });
      exact.add(ip);
      expected.add(`${ip}\t${zone}`);
    }
    if (z % 10 === 0) {
      // A range listing (UCEPROTECT-2 style); ip4set answers exact entries first, the rest from the range.
      listings.push({ entry: '198.51.100.128/25', code: '127.0.0.2', txt: `Range listed by ${zone}` });
      for (let i = 128; i < 256; i++) expected.add(`198.51.100.${i}\t${zone}`);
    }
    zones.push(ipZone(zone, listings));
  }
  const rangeListings: Listing[] = [];
  const expectedRange = new Set<string>();
  for (let i = 0; i < 65536; i += 64) {
    const ip = `198.18.${i >> 8}.${(i & 0xff) + Math.floor(rnd() * 64)}`;
    rangeListings.push({ entry: ip, code: '127.0.0.2' });
    expectedRange.add(`${ip}\t${RANGE_ZONE}`);
  }
  zones.push(ipZone(RANGE_ZONE, rangeListings));
  zones.push(
    deadZone(SPECIAL_ZONES.dead),
    everythingZone(SPECIAL_ZONES.world),
    refusalZone(SPECIAL_ZONES.pubres),
  );
  return { zones, listZones, ips, expected, expectedRange };
}
