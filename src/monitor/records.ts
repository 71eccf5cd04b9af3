/**
 * Mail DNS record drift: MX, SPF, DMARC, MTA-STS, TLS-RPT and the PTR (with forward-confirmation)
 * of every MX address, each reduced to one normalised string so that a change is a string
 * comparison. A lookup that fails (timeout, SERVFAIL) yields no value: the kind is skipped this
 * cycle rather than read as "removed" (a DNS hiccup must not alert).
 */
import { parseIp, ptrName } from '../core/ip.js';
import type { Resolver } from '../dns/index.js';

export const NONE = '(none)';

type Fetched = string | null;

async function txtRecords(resolver: Resolver, name: string, prefix: RegExp): Promise<Fetched> {
  const o = await resolver.query(name, 'TXT');
  if (o.status === 'nxdomain' || o.status === 'nodata') return NONE;
  if (o.status !== 'answer') return null;
  const matching = o.records.filter((r) => prefix.test(r)).map((r) => r.trim().replace(/\s+/g, ' '));
  return matching.length === 0 ? NONE : matching.sort().join(' | ');
}

async function fcrdns(resolver: Resolver, address: string): Promise<Fetched> {
  const ip = parseIp(address);
  if (!ip) return null;
  const ptr = await resolver.query(ptrName(ip), 'PTR');
  if (ptr.status === 'nxdomain' || ptr.status === 'nodata') return `${address}=${NONE}`;
  if (ptr.status !== 'answer') return null;
  const name = ptr.records[0]!.toLowerCase().replace(/\.$/, '');
  const forward = await resolver.query(name, ip.family === 4 ? 'A' : 'AAAA');
  if (forward.status !== 'answer' && forward.status !== 'nxdomain' && forward.status !== 'nodata')
    return null;
  const confirmed = forward.status === 'answer' && forward.records.some((r) => parseIp(r)?.text === ip.text);
  return `${address}=${name}${confirmed ? '' : ' (not forward-confirmed)'}`;
}

/** The watched records of a domain: kind -> normalised value, failed lookups left out. */
export async function readMailRecords(domain: string, resolver: Resolver): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const set = (kind: string, value: Fetched) => {
    if (value !== null) out.set(kind, value);
  };
  const mx = await resolver.query(domain, 'MX');
  let hosts: string[] = [];
  if (mx.status === 'answer') {
    hosts = mx.records.map((r) => r.exchange.toLowerCase().replace(/\.$/, ''));
    set(
      'mx',
      mx.records
        .map((r) => `${r.preference} ${r.exchange.toLowerCase().replace(/\.$/, '')}`)
        .sort()
        .join(', '),
    );
  } else if (mx.status === 'nxdomain' || mx.status === 'nodata') set('mx', NONE);
  const [spf, dmarc, sts, tlsrpt] = await Promise.all([
    txtRecords(resolver, domain, /^v=spf1(\s|$)/i),
    txtRecords(resolver, `_dmarc.${domain}`, /^v=DMARC1/i),
    txtRecords(resolver, `_mta-sts.${domain}`, /^v=STSv1/i),
    txtRecords(resolver, `_smtp._tls.${domain}`, /^v=TLSRPTv1/i),
  ]);
  set('spf', spf);
  set('dmarc', dmarc);
  set('mta-sts', sts);
  set('tls-rpt', tlsrpt);
  // IPv6 under its own kind: a kind seen for the first time is a silent baseline, so watching
  // the MX hosts' AAAA did not turn every existing 'ptr' value into a change.
  for (const [kind, type] of [
    ['ptr', 'A'],
    ['ptr6', 'AAAA'],
  ] as const) {
    const lookups = await Promise.all(hosts.slice(0, 10).map((h) => resolver.query(h, type)));
    // A failed address lookup leaves the kind out: part of the MX hosts' PTRs is not "the PTRs".
    if (lookups.some((a) => a.status !== 'answer' && a.status !== 'nodata' && a.status !== 'nxdomain'))
      continue;
    const ptrs = await Promise.all(
      lookups.flatMap((a) => (a.status === 'answer' ? a.records : [])).map((addr) => fcrdns(resolver, addr)),
    );
    if (ptrs.every((p) => p !== null) && ptrs.length > 0) set(kind, (ptrs as string[]).sort().join(', '));
  }
  return out;
}

export interface RecordChange {
  kind: string;
  before: string;
  after: string;
}

/** Kinds whose value changed; a kind seen for the first time is stored, not reported. */
export function diffRecords(before: Map<string, string>, after: Map<string, string>): RecordChange[] {
  const changes: RecordChange[] = [];
  for (const [kind, value] of after) {
    const old = before.get(kind);
    if (old !== undefined && old !== value) changes.push({ kind, before: old, after: value });
  }
  return changes;
}
