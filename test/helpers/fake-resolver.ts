import type { DnsFailure, DnsOutcome, RecordMap, RecordType, Resolver } from '../../src/dns/types.js';

/**
 * A declarative in-memory zone for unit tests (after mailauth's test/helpers/dns-zone.js):
 * `{ 'example.com': { MX: [...], TXT: [...] } }`. A name absent from the zone is NXDOMAIN, a
 * type absent from a present name is NODATA, and a failure can be given per name and type.
 * The root (`''`) has NS records unless the zone says otherwise, as on every working resolver.
 * It runs the resolver conformance suite (test/integration/resolver-conformance.test.ts).
 */
export type FakeZone = Record<string, Partial<{ [T in RecordType]: RecordMap[T][] | DnsFailure }>>;

export interface FakeResolverOptions {
  /**
   * A `timeout` failure waits this long per attempt before it resolves (default 0: at once),
   * so that close() and deadlines can be tested as with a real resolver.
   */
  timeoutMs?: number;
  /** Attempts after the first for a `timeout` (counted in stats like the UDP client's). */
  retries?: number;
}

const ROOT: FakeZone[string] = { NS: ['a.root-servers.net'] };

export function createFakeResolver(
  zone: FakeZone,
  options: FakeResolverOptions = {},
): Resolver & { queries: string[] } {
  const queries: string[] = [];
  const stats = { sent: 0, retries: 0, answers: 0, timeouts: 0 };
  const pending = new Set<{ timer: NodeJS.Timeout; resolve: (o: DnsOutcome<never>) => void }>();
  let closed = false;
  const retries = options.retries ?? 0;
  const waitMs = (options.timeoutMs ?? 0) * (retries + 1);
  const timeout = <T>(): Promise<DnsOutcome<T>> => {
    stats.sent += retries + 1;
    stats.retries += retries;
    stats.timeouts += retries + 1;
    if (waitMs === 0) return Promise.resolve({ status: 'timeout', ms: 0 });
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          pending.delete(entry);
          resolve({ status: 'timeout', message: `no answer after ${retries + 1} tries`, ms: waitMs });
        }, waitMs),
        resolve,
      };
      pending.add(entry);
    });
  };
  return {
    queries,
    stats,
    close() {
      closed = true;
      for (const p of pending) {
        clearTimeout(p.timer);
        p.resolve({ status: 'error', message: 'resolver closed', ms: 0 });
      }
      pending.clear();
    },
    async query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
      if (closed) return { status: 'error', message: 'resolver closed', ms: 0 };
      const key = name.toLowerCase().replace(/\.$/, '');
      queries.push(`${type} ${key}`);
      const node = zone[key] ?? (key === '' ? ROOT : undefined);
      const value = node?.[type] as RecordMap[T][] | DnsFailure | undefined;
      if (value === 'timeout') return timeout<RecordMap[T]>();
      stats.sent++;
      stats.answers++;
      if (!node) return { status: 'nxdomain', ms: 0 };
      if (value === undefined || (Array.isArray(value) && value.length === 0))
        return { status: 'nodata', ms: 0 };
      if (typeof value === 'string') return { status: value, ms: 0 };
      return { status: 'answer', records: value, ms: 0 };
    },
  };
}
