import type { DnsOutcome, RecordType, Resolver } from '../dns/types.js';

/** The node:dns-like function mailauth's spf() and DMARC record lookup accept as `resolver`. */
export type NodeStyleResolver = (name: string, type: string) => Promise<NodeStyleAnswer>;
type NodeStyleAnswer = string[] | string[][] | { exchange: string; priority: number }[];

/** One query mailauth made, in order: the evidence for "which include broke the limit". */
export interface LoggedQuery {
  name: string;
  type: string;
  status: string;
}

/** node:dns error codes for our outcomes, as mailauth's limitedResolver switches on them. */
const ERROR_CODES: Record<Exclude<DnsOutcome<unknown>['status'], 'answer'>, string> = {
  nxdomain: 'ENOTFOUND',
  nodata: 'ENODATA',
  servfail: 'ESERVFAIL',
  refused: 'EREFUSED',
  timeout: 'ETIMEOUT',
  error: 'ECONNREFUSED',
};

const SUPPORTED = new Set<string>(['A', 'AAAA', 'TXT', 'MX', 'PTR', 'CNAME', 'NS']);

/**
 * Adapts our Resolver to the node:dns-promises shape mailauth expects: arrays on success
 * (TXT as arrays of chunks, MX as {exchange, priority}) and an Error with a node:dns `code` on
 * failure, so that NXDOMAIN/NODATA count as void lookups and a timeout is a temperror, never a
 * pass. Every query is appended to `log`.
 */
export function toNodeStyleResolver(resolver: Resolver, log: LoggedQuery[] = []): NodeStyleResolver {
  return async (name, type) => {
    const upper = type.toUpperCase();
    if (!SUPPORTED.has(upper)) throw dnsError(`unsupported record type ${type}`, 'ENOTIMP');
    const outcome = await resolver.query(name, upper as RecordType);
    log.push({ name, type: upper, status: outcome.status });
    if (outcome.status !== 'answer') {
      const error = dnsError(`${upper} ${name}: ${outcome.status}`, ERROR_CODES[outcome.status]);
      // mailauth maps only ETIMEOUT/EREFUSED to temperror and silently skips an include whose
      // lookup failed otherwise (SERVFAIL): tagging the error keeps it a temperror (RFC 7208 §5.2).
      if (outcome.status !== 'nxdomain' && outcome.status !== 'nodata') {
        Object.assign(error, {
          spfResult: { error: 'temperror', text: `DNS ${outcome.status} for ${upper} ${name}` },
        });
      }
      throw error;
    }
    if (upper === 'TXT') return (outcome.records as string[]).map((r) => [r]);
    if (upper === 'MX') {
      return (outcome.records as { exchange: string; preference: number }[]).map((r) => ({
        exchange: r.exchange,
        priority: r.preference,
      }));
    }
    return outcome.records as string[];
  };
}

function dnsError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}
