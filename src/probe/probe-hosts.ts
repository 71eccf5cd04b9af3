/**
 * Many SMTP servers probed with bounded concurrency, results yielded in input order or as they
 * finish: what the CLI's `probe` and a monitoring loop both need, so neither copies a worker pool.
 * The hosts may come from an async source (a file read line by line): nothing holds the whole list.
 */
import { normaliseDomain } from '../core/domain.js';
import { MxError } from '../core/errors.js';
import { requireInt } from '../core/limits.js';
import type { DnsOutcome, Resolver } from '../dns/types.js';
import { PROBE_DEFAULTS } from './defaults.js';
import { probeHost } from './probe.js';
import type { ProbeOptions, ProbeReport } from './types.js';

/** One server to probe; `domain` overrides the recipients' domain for it (e.g. the MX's domain). */
export interface HostTarget {
  host: string;
  port?: number;
  /** The address to connect to, when already known (skips the A/AAAA lookup). */
  ip?: string;
  domain?: string;
}

export interface ProbeHostsOptions extends ProbeOptions {
  /** Servers probed at once (default PROBE_DEFAULTS.concurrency). */
  concurrency?: number;
  /** 'input' (default): reports in the order of the targets; 'completion': as each finishes. */
  order?: 'input' | 'completion';
  /** Default port of targets without one (default PROBE_DEFAULTS.port). */
  port?: number;
}

/**
 * Reports finished out of order are held until their turn, at most this many per concurrent
 * probe: a server that hangs cannot make the buffer grow with the length of the list.
 */
const ORDER_WINDOW_PER_SLOT = 4;

/**
 * @example
 * for await (const report of probeHosts([{ host: 'mx1.example.com' }], { resolver })) {
 *   console.log(report.host, report.checks.openRelay.verdict);
 * }
 */
export async function* probeHosts(
  targets: Iterable<HostTarget> | AsyncIterable<HostTarget>,
  options: ProbeHostsOptions = {},
): AsyncGenerator<ProbeReport> {
  const { concurrency: c, order, port: p, ...probeOptions } = options;
  const concurrency = requireInt(
    'concurrency',
    c ?? PROBE_DEFAULTS.concurrency,
    1,
    PROBE_DEFAULTS.maxConcurrency,
  );
  const port = requireInt('port', p ?? PROBE_DEFAULTS.port, 1, 65535);
  let count = 0;
  const probeOne = (t: HostTarget): Promise<ProbeReport> => {
    count++;
    if (count > PROBE_DEFAULTS.maxHosts)
      throw new MxError('usage', `at most ${PROBE_DEFAULTS.maxHosts} servers per run`);
    const target = { host: t.host, port: t.port ?? port, ...(t.ip ? { ip: t.ip } : {}) };
    return probeHost(target, t.domain ? { ...probeOptions, domain: t.domain } : probeOptions);
  };
  yield* mapBounded(targets, concurrency, order !== 'completion', probeOne);
}

/** Runs `fn` on each item, at most `limit` at once; yields in input order when `ordered`. */
async function* mapBounded<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  limit: number,
  ordered: boolean,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const running = new Map<number, Promise<[number, R]>>();
  const finished = new Map<number, R>();
  const window = limit * ORDER_WINDOW_PER_SLOT;
  let started = 0;
  let nextOut = 0;
  async function* settleOne(): AsyncGenerator<R> {
    const [index, result] = await Promise.race(running.values());
    running.delete(index);
    if (!ordered) {
      yield result;
      return;
    }
    finished.set(index, result);
    while (finished.has(nextOut)) {
      const next = finished.get(nextOut)!;
      finished.delete(nextOut++);
      yield next;
    }
  }
  for await (const item of items) {
    const index = started++;
    running.set(
      index,
      fn(item).then((r): [number, R] => [index, r]),
    );
    while (running.size >= limit || (ordered && started - nextOut >= window)) yield* settleOne();
  }
  while (running.size > 0) yield* settleOne();
}

export interface MxLookup {
  domain: string;
  /** The mail hosts in preference order (RFC 5321 §5.1), a null MX (RFC 7505) left out. */
  hosts: HostTarget[];
  /** The MX query's outcome: 'answer', or why there are no hosts (nxdomain, nodata, timeout...). */
  status: DnsOutcome<unknown>['status'];
}

/** The MX hosts of a domain, as targets for probeHosts (their recipients go to that domain). */
export async function lookupMxHosts(domainInput: string, resolver: Resolver): Promise<MxLookup> {
  const domain = normaliseDomain(domainInput);
  if (!domain) throw new MxError('input', `${domainInput}: not a domain`);
  const outcome = await resolver.query(domain, 'MX');
  if (outcome.status !== 'answer') return { domain, hosts: [], status: outcome.status };
  const hosts = [...outcome.records]
    .sort((a, b) => a.preference - b.preference)
    .filter((r) => r.exchange !== '' && r.exchange !== '.')
    .map((r) => ({ host: r.exchange.replace(/\.$/, '').toLowerCase(), domain }));
  return { domain, hosts, status: 'answer' };
}
