/**
 * The resolver abstraction every capability uses. A DNS outcome is data: the kinds are kept
 * apart precisely because a DNSBL answer of NXDOMAIN means "clean" while a timeout means
 * "unknown", and reading one as the other is the classic checker bug.
 */
export type RecordType = 'A' | 'AAAA' | 'TXT' | 'MX' | 'PTR' | 'CNAME' | 'NS';

export interface MxRecord {
  preference: number;
  exchange: string;
}

export interface RecordMap {
  A: string;
  AAAA: string;
  /** A TXT record's character-strings joined without separator (RFC 7208 §3.3 style). */
  TXT: string;
  MX: MxRecord;
  PTR: string;
  CNAME: string;
  NS: string;
}

export type DnsFailure = 'nxdomain' | 'nodata' | 'servfail' | 'refused' | 'timeout' | 'error';

export type DnsOutcome<T> =
  | {
      status: 'answer';
      records: T[];
      /** The name the answer is for when CNAMEs were followed (lower case, no trailing dot). */
      canonicalName?: string;
      /** Remaining TTL of the answer, seconds (minimum over the records). */
      ttl?: number;
      ms: number;
    }
  | { status: DnsFailure; message?: string; ms: number };

/** Per-query hints; a resolver may ignore them. */
export interface QueryOptions {
  /**
   * Queries that share a fate (one DNSBL zone). A group that has never answered in this run is
   * dead or slow on its own: its losses are not read as congestion, so one dead list does not cut
   * the window of every healthy list sharing the server (src/dns/flow.ts).
   */
  lossGroup?: string;
}

export interface Resolver {
  /** Never throws for network trouble: every failure is an outcome. Throws only for bugs. */
  query<T extends RecordType>(
    name: string,
    type: T,
    options?: QueryOptions,
  ): Promise<DnsOutcome<RecordMap[T]>>;
  /** Releases sockets and timers; pending queries resolve as `error`. */
  close(): void;
  /** Counters for benchmarks and --verbose: packets sent, retries, answers, timeouts. */
  readonly stats: ResolverStats;
}

export interface ResolverStats {
  sent: number;
  retries: number;
  answers: number;
  timeouts: number;
}

export interface ServerAddress {
  host: string;
  port: number;
}

export interface ResolverOptions {
  servers: ServerAddress[];
  /** Per-attempt timeout; one retry follows a timeout (so a dead server costs 2x this). */
  timeoutMs: number;
  retries: number;
  /** Queries in flight at once per server: bounded because bursts overflow UDP receive buffers. */
  maxInFlight: number;
  /**
   * true (default): size the window to the path below maxInFlight (src/dns/flow.ts: 64 for a
   * server a millisecond away). false: aim for maxInFlight whatever the path (still paced and cut
   * on loss): what an explicit `--concurrency` asks for, e.g. through a recursive resolver whose
   * cache answers some queries in microseconds and others after a 50 ms recursion.
   */
  adaptiveWindow?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_RETRIES = 1;
