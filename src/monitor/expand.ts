/**
 * What a watched target stands for in one cycle: an IP is itself, a range its addresses, a domain
 * its name (on domain lists) plus the addresses that send or receive its mail: the MX hosts'
 * A/AAAA and the SPF-authorised addresses (ip4/ip6 terms, a, mx, include:, redirect=), re-discovered every
 * cycle so that a new MX or a new SPF range is watched from its first cycle.
 */
import { expandCidr, parseCidr } from '../core/cidr.js';
import { type ParsedIp, parseIp } from '../core/ip.js';
import { parseTarget } from '../core/targets.js';
import type { Resolver } from '../dns/index.js';

/** RFC 7208 §4.6.4: at most 10 DNS-querying terms per SPF evaluation; the same bound here. */
export const MAX_SPF_LOOKUPS = 10;
/** SPF ranges wider than this are not expanded (a /16 in SPF is a provider's pool, not yours). */
export const MAX_SPF_RANGE_ADDRESSES = 256n;
/** MX hosts followed per domain (a longer list is a misconfiguration or an attack on the monitor). */
export const MAX_MX_HOSTS = 10;

export interface Expansion {
  /** Addresses to check on IP lists. */
  addresses: ParsedIp[];
  /** A domain to check on domain lists. */
  domain: string | null;
  /** Why discovery was partial (a DNS failure, a range too wide): shown, never silently dropped. */
  notes: string[];
}

export async function expandTarget(target: string, resolver: Resolver): Promise<Expansion> {
  const parsed = parseTarget(target);
  if (parsed.kind === 'ip') return { addresses: [parsed.ip], domain: null, notes: [] };
  if (parsed.kind === 'cidr') return { addresses: [...expandCidr(parsed.cidr)], domain: null, notes: [] };
  const notes: string[] = [];
  const found = new Map<string, ParsedIp>();
  const add = (ips: ParsedIp[]) => {
    for (const ip of ips) found.set(ip.text, ip);
  };
  const [mx, spf] = await Promise.all([
    mxAddresses(parsed.domain, resolver, notes),
    spfAddresses(parsed.domain, resolver, notes, { lookups: 0 }),
  ]);
  add(mx);
  add(spf);
  return { addresses: [...found.values()], domain: parsed.domain, notes };
}

async function hostAddresses(host: string, resolver: Resolver, notes: string[]): Promise<ParsedIp[]> {
  const [a, aaaa] = await Promise.all([resolver.query(host, 'A'), resolver.query(host, 'AAAA')]);
  const out: ParsedIp[] = [];
  for (const outcome of [a, aaaa]) {
    if (outcome.status === 'answer') {
      for (const r of outcome.records) {
        const ip = parseIp(r);
        if (ip) out.push(ip);
      }
    } else if (outcome.status !== 'nodata' && outcome.status !== 'nxdomain') {
      notes.push(`${host}: address lookup ${outcome.status}`);
    }
  }
  return out;
}

async function mxAddresses(domain: string, resolver: Resolver, notes: string[]): Promise<ParsedIp[]> {
  const mx = await resolver.query(domain, 'MX');
  if (mx.status !== 'answer') {
    if (mx.status !== 'nodata' && mx.status !== 'nxdomain') notes.push(`${domain}: MX lookup ${mx.status}`);
    return [];
  }
  const hosts = mx.records
    .map((r) => r.exchange.toLowerCase().replace(/\.$/, ''))
    .filter((h) => h !== '')
    .slice(0, MAX_MX_HOSTS);
  return (await Promise.all(hosts.map((h) => hostAddresses(h, resolver, notes)))).flat();
}

async function spfAddresses(
  domain: string,
  resolver: Resolver,
  notes: string[],
  budget: { lookups: number },
): Promise<ParsedIp[]> {
  const txt = await resolver.query(domain, 'TXT');
  if (txt.status !== 'answer') {
    if (txt.status !== 'nodata' && txt.status !== 'nxdomain')
      notes.push(`${domain}: SPF lookup ${txt.status}`);
    return [];
  }
  const record = txt.records.find((r) => /^v=spf1(\s|$)/i.test(r));
  if (!record) return [];
  const out: ParsedIp[] = [];
  const terms = record.trim().split(/\s+/).slice(1);
  for (const term of terms) {
    const t = term.replace(/^[+~?]/, '').toLowerCase();
    if (t.startsWith('-')) continue;
    const ipTerm = /^ip[46]:(.+)$/.exec(t);
    if (ipTerm) {
      out.push(...spfRange(ipTerm[1]!, notes));
      continue;
    }
    const mech = /^(a|mx|include)(?::([^/]+))?/.exec(t);
    if (!mech) continue;
    if (++budget.lookups > MAX_SPF_LOOKUPS) {
      notes.push(`${domain}: SPF needs more than ${MAX_SPF_LOOKUPS} lookups; the rest is not watched`);
      break;
    }
    const name = mech[2] ?? domain;
    if (mech[1] === 'a') out.push(...(await hostAddresses(name, resolver, notes)));
    else if (mech[1] === 'mx') out.push(...(await mxAddresses(name, resolver, notes)));
    else if (mech[2]) out.push(...(await spfAddresses(name, resolver, notes, budget)));
  }
  // RFC 7208 §6.1: `redirect=` stands for the rest of the policy when no `all` ends it
  // (v=spf1 redirect=_spf.example.net is how many domains hand their SPF to a provider).
  const redirect = terms.map((t) => /^redirect=(.+)$/i.exec(t)?.[1]).find((d) => d !== undefined);
  const hasAll = terms.some((t) => /^[+~?-]?all$/i.test(t));
  if (redirect && !hasAll) {
    if (++budget.lookups > MAX_SPF_LOOKUPS) {
      notes.push(`${domain}: SPF needs more than ${MAX_SPF_LOOKUPS} lookups; the rest is not watched`);
    } else out.push(...(await spfAddresses(redirect.toLowerCase(), resolver, notes, budget)));
  }
  return out;
}

function spfRange(text: string, notes: string[]): ParsedIp[] {
  const ip = parseIp(text);
  if (ip) return [ip];
  const cidr = parseCidr(text);
  if (!cidr) return [];
  if (cidr.size > MAX_SPF_RANGE_ADDRESSES) {
    notes.push(
      `SPF range ${text} is wider than ${MAX_SPF_RANGE_ADDRESSES} addresses: not watched (add it as a target)`,
    );
    return [];
  }
  return [...expandCidr(cidr)];
}
