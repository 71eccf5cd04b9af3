import { Resolver as CaresResolver, getServers } from 'node:dns';
import { isIPv6 } from 'node:net';
import type {
  DnsFailure,
  DnsOutcome,
  MxRecord,
  RecordMap,
  RecordType,
  Resolver,
  ResolverOptions,
  ResolverStats,
  ServerAddress,
} from './types.js';

/**
 * The same Resolver interface over node:dns (c-ares), kept for comparison in the benchmark and
 * as a fallback. c-ares must be given a bounded number of queries at once: an unbounded
 * Promise.all over 50,000 lookups loses 99% of them (research: dnsbl.md B.2), so a semaphore
 * caps the in-flight count. c-ares retries on its own (`tries`).
 */
export function createNodeResolver(options: ResolverOptions): Resolver {
  const cares = new CaresResolver({ timeout: options.timeoutMs, tries: options.retries + 1 });
  cares.setServers(options.servers.map(formatServer));
  const stats: ResolverStats = { sent: 0, retries: 0, answers: 0, timeouts: 0 };
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  let closed = false;

  async function query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
    if (inFlight >= options.maxInFlight) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    stats.sent++;
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      if (closed) return { status: 'error', message: 'resolver closed', ms: 0 };
      const records = (await resolveOne(cares, name, type)) as RecordMap[T][];
      stats.answers++;
      return { status: 'answer', records, ms: ms() };
    } catch (error) {
      const status = failureFromCode((error as NodeJS.ErrnoException).code);
      if (status === 'timeout') stats.timeouts++;
      else if (status !== 'error') stats.answers++;
      return { status, message: (error as NodeJS.ErrnoException).code ?? String(error), ms: ms() };
    } finally {
      inFlight--;
      waiting.shift()?.();
    }
  }

  return {
    query,
    stats,
    close() {
      closed = true;
      cares.cancel();
      for (const resume of waiting.splice(0)) resume();
    },
  };
}

type ResolveCallback = (
  name: string,
  type: string,
  cb: (error: Error | null, records: unknown) => void,
) => void;

async function resolveOne(cares: CaresResolver, name: string, type: RecordType): Promise<unknown[]> {
  const resolve = cares.resolve as unknown as ResolveCallback;
  const call = <R>(t: string) =>
    new Promise<R>((ok, fail) =>
      resolve.call(cares, name, t, (error, records) => (error ? fail(error) : ok(records as R))),
    );
  switch (type) {
    case 'TXT':
      return (await call<string[][]>('TXT')).map((chunks) => chunks.join(''));
    case 'MX':
      return (await call<{ priority: number; exchange: string }[]>('MX')).map(
        (r): MxRecord => ({ preference: r.priority, exchange: r.exchange.toLowerCase() }),
      );
    default:
      return call<string[]>(type);
  }
}

function failureFromCode(code: string | undefined): DnsFailure {
  switch (code) {
    case 'ENOTFOUND':
      return 'nxdomain';
    case 'ENODATA':
      return 'nodata';
    case 'ESERVFAIL':
      return 'servfail';
    case 'EREFUSED':
      return 'refused';
    case 'ETIMEOUT':
      return 'timeout';
    default:
      return 'error';
  }
}

function formatServer(server: ServerAddress): string {
  return isIPv6(server.host) ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** The system's resolvers (from /etc/resolv.conf, as c-ares reads it). */
export function systemServers(): ServerAddress[] {
  return getServers().map(parseServerText);
}

function parseServerText(text: string): ServerAddress {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracket) return { host: bracket[1]!, port: bracket[2] ? Number(bracket[2]) : 53 };
  if (isIPv6(text)) return { host: text, port: 53 };
  const [host, port] = text.split(':');
  return { host: host!, port: port ? Number(port) : 53 };
}
