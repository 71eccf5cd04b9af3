import type { DnsFailure, DnsOutcome, RecordMap, RecordType, Resolver } from '../dns/types.js';

/**
 * A declarative in-memory zone for unit tests (after mailauth's test/helpers/dns-zone.js):
 * `{ 'example.com': { MX: [...], TXT: [...] } }`. A name absent from the zone is NXDOMAIN, a
 * type absent from a present name is NODATA, and a failure can be given per name and type.
 */
export type FakeZone = Record<string, Partial<{ [T in RecordType]: RecordMap[T][] | DnsFailure }>>;

export function createFakeResolver(zone: FakeZone): Resolver & { queries: string[] } {
  const queries: string[] = [];
  return {
    queries,
    stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
    close() {},
    async query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
      const key = name.toLowerCase().replace(/\.$/, '');
      queries.push(`${type} ${key}`);
      const node = zone[key];
      if (!node) return { status: 'nxdomain', ms: 0 };
      const value = node[type] as RecordMap[T][] | DnsFailure | undefined;
      if (value === undefined || (Array.isArray(value) && value.length === 0))
        return { status: 'nodata', ms: 0 };
      if (typeof value === 'string') return { status: value, ms: 0 };
      return { status: 'answer', records: value, ms: 0 };
    },
  };
}
