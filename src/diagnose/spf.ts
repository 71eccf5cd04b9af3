import type { DNSResolver } from 'mailauth';
import { spf } from 'mailauth/lib/spf/index.js';
import { parseIp } from '../core/ip.js';
import type { Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import { type LoggedQuery, toNodeStyleResolver } from './mailauth-resolver.js';
import type { DiagnoseItem, MxHost } from './types.js';

/** RFC 7208 §4.6.4: at most 10 mechanisms/modifiers that cause DNS lookups, at most 2 void lookups. */
export const MAX_SPF_LOOKUPS = 10;
export const MAX_SPF_VOID_LOOKUPS = 2;
/**
 * An address no SPF record authorises except through `all` (the limited broadcast address), so
 * evaluating it walks the whole record tree and counts every lookup (a matching address would
 * stop early and hide a chain that breaks the limit for other senders).
 */
const NON_MATCHING_IP = '255.255.255.255';
const MAX_LOG_EVIDENCE = 14;
/** Single sending addresses taken from the record for reverse-DNS and list checks (each costs a PTR and every list). */
export const MAX_SENDER_ADDRESSES = 4;

interface SpfVerdict {
  result: string;
  comment: string;
  lookups: { count: number; void: number; limit: number } | null;
  log: LoggedQuery[];
}

/** SPF of a domain: one record, its `all`, lookup and void counts (evaluated by mailauth), and whether each MX address passes. */
export async function examineSpf(
  domain: string,
  resolver: Resolver,
  mxHosts: readonly MxHost[],
): Promise<SpfFindings> {
  const outcome = await resolver.query(domain, 'TXT');
  if (outcome.status !== 'answer' && outcome.status !== 'nodata' && outcome.status !== 'nxdomain') {
    const unknown = item('spf.record', 'spf', 'unknown', `SPF record of ${domain} could not be read`, 0);
    unknown.evidence.push(`TXT ${domain}: ${outcome.status}`);
    return { items: [unknown], record: null };
  }
  const records =
    outcome.status === 'answer' ? outcome.records.filter((r) => /^v=spf1(\s|$)/i.test(r.trim())) : [];
  if (records.length === 0) {
    const none = finding('spf.record', 'spf', 'problem', `${domain} has no SPF record`, 'spf.none', {
      domain,
    });
    none.evidence.push(`TXT ${domain}: no "v=spf1" record`);
    return { items: [none], record: null };
  }
  if (records.length > 1) {
    const title = `${domain} has ${records.length} SPF records`;
    const many = finding('spf.record', 'spf', 'problem', title, 'spf.many');
    many.evidence.push(...records.map((r) => `TXT ${domain} "${r}"`));
    return { items: [many], record: null };
  }
  const record = records[0]!;
  const found = item('spf.record', 'spf', 'ok', `${domain} has one SPF record`, 0);
  found.evidence.push(`TXT ${domain} "${record}"`);
  const [full, ...perMx] = await Promise.all([
    evaluate(domain, NON_MATCHING_IP, `mxdoctor.invalid`, resolver),
    ...mxHosts.flatMap((h) => h.addresses.map((ip) => evaluate(domain, ip, h.exchange, resolver))),
  ]);
  const items = [found, allItem(record), ...evaluationItems(full!)];
  if (full!.result !== 'permerror' && full!.result !== 'temperror') {
    const pairs = mxHosts.flatMap((h) => h.addresses.map((ip) => ({ host: h.exchange, ip })));
    items.push(...pairs.map((p, i) => authorisedItem(domain, p.host, p.ip, perMx[i]!)));
  }
  return { items, record };
}

export interface SpfFindings {
  items: DiagnoseItem[];
  /** The one SPF record, or null when there is none (or several, or it could not be read). */
  record: string | null;
}

/** Sending addresses named one by one in the record (ip4:a.b.c.d, ip4:a.b.c.d/32, ip6:x/128): they get the reverse-DNS and list checks too. */
export function senderAddresses(record: string, max = MAX_SENDER_ADDRESSES): string[] {
  const out: string[] = [];
  for (const term of record.trim().split(/\s+/).slice(1)) {
    const m = /^\+?ip([46]):([^/]+)(?:\/(\d+))?$/i.exec(term);
    if (!m) continue;
    const ip = parseIp(m[2]!);
    const full = m[1] === '4' ? '32' : '128';
    if (ip && (m[3] === undefined || m[3] === full) && !out.includes(ip.text)) out.push(ip.text);
    if (out.length === max) break;
  }
  return out;
}

async function evaluate(domain: string, ip: string, helo: string, resolver: Resolver): Promise<SpfVerdict> {
  const log: LoggedQuery[] = [];
  const result = await spf({
    sender: `postmaster@${domain}`,
    ip,
    helo,
    mta: 'mxdoctor',
    maxResolveCount: MAX_SPF_LOOKUPS,
    maxVoidCount: MAX_SPF_VOID_LOOKUPS,
    // mailauth's declared type omits MX objects, which its code reads (exchange, priority).
    resolver: toNodeStyleResolver(resolver, log) as DNSResolver,
  });
  const lookups = (result as { lookups?: { count: number; void: number; limit: number } }).lookups ?? null;
  return { result: result.status.result, comment: String(result.status.comment ?? ''), lookups, log };
}

function allItem(record: string): DiagnoseItem {
  const terms = record.trim().split(/\s+/).slice(1);
  const all = terms.find((t) => /^[+?~-]?all$/i.test(t));
  const redirect = terms.find((t) => /^redirect=/i.test(t));
  const qualifier = all ? (/^[+?~-]/.test(all) ? all[0] : '+') : null;
  if (qualifier === '-' || qualifier === '~' || (!all && redirect)) {
    const ok = item(
      'spf.all',
      'spf',
      'ok',
      all ? `SPF ends with ${all}` : `SPF delegates its policy with ${redirect}`,
      0,
    );
    ok.evidence.push(all ?? redirect!);
    return ok;
  }
  if (qualifier === '+') {
    const open = finding(
      'spf.all',
      'spf',
      'problem',
      'SPF authorises the whole Internet (+all)',
      'spf.all-open',
    );
    open.evidence.push(`"${all}" in the record`);
    return open;
  }
  const neutral = finding(
    'spf.all',
    'spf',
    'warning',
    all ? 'SPF ends with ?all (neutral)' : 'SPF has no "all" term',
    'spf.all-neutral',
  );
  neutral.evidence.push(
    all ? `"${all}" in the record` : 'no "all" and no "redirect=": unlisted senders get "neutral"',
  );
  return neutral;
}

function evaluationItems(v: SpfVerdict): DiagnoseItem[] {
  const count = v.lookups?.count ?? 0;
  const voids = v.lookups?.void ?? 0;
  const overLimit = v.result === 'permerror' && /too many dns requests/i.test(v.comment);
  const trail = lookupTrail(v.log, count, overLimit);
  if (v.result === 'temperror') {
    const unknown = item('spf.lookups', 'spf', 'unknown', 'SPF could not be evaluated (DNS error)', 0);
    unknown.evidence.push(v.comment, ...trail);
    return [unknown];
  }
  if (v.result === 'permerror') {
    const tooMany = /too many dns requests/i.test(v.comment);
    const tooVoid = /void/i.test(v.comment);
    const id = tooMany ? 'spf.lookups' : tooVoid ? 'spf.void' : 'spf.syntax';
    const title = tooMany
      ? `SPF needs more than ${MAX_SPF_LOOKUPS} DNS lookups (permerror)`
      : tooVoid
        ? `SPF has more than ${MAX_SPF_VOID_LOOKUPS} void lookups (permerror)`
        : 'SPF has a permanent error';
    const key = tooMany ? 'spf.too-many-lookups' : tooVoid ? 'spf.too-many-void' : 'spf.syntax';
    const bad = finding(id, 'spf', 'problem', title, key, { max: String(MAX_SPF_LOOKUPS) });
    bad.evidence.push(v.comment, ...trail);
    return [bad];
  }
  const lookups = finding(
    'spf.lookups',
    'spf',
    count > MAX_SPF_LOOKUPS - 2 ? 'warning' : 'ok',
    `SPF uses ${count} of ${MAX_SPF_LOOKUPS} DNS lookups`,
    'spf.lookups-near-limit',
  );
  lookups.evidence.push(...trail);
  const voidItem = finding(
    'spf.void',
    'spf',
    voids > 0 ? 'warning' : 'ok',
    `SPF has ${voids} void lookup(s)`,
    'spf.void',
    { max: String(MAX_SPF_VOID_LOOKUPS) },
  );
  if (voids > 0) {
    voidItem.evidence.push(
      ...v.log
        .filter((q) => q.status === 'nxdomain' || q.status === 'nodata')
        .map((q) => `${q.type} ${q.name}: ${q.status}`),
    );
  }
  return [lookups, voidItem];
}

/**
 * The DNS queries mailauth made, in order (the first TXT fetch of the domain is not a counted
 * lookup, RFC 7208 §4.6.4; an MX's address queries are counted apart, against their own limit).
 */
function lookupTrail(log: readonly LoggedQuery[], count: number, overLimit: boolean): string[] {
  const queries = log.slice(1);
  const lines = queries
    .slice(0, MAX_LOG_EVIDENCE)
    .map((q, i) => `query ${i + 1}: ${q.type} ${q.name} (${q.status})`);
  if (queries.length > MAX_LOG_EVIDENCE) lines.push(`... ${queries.length - MAX_LOG_EVIDENCE} more`);
  if (overLimit) {
    const last = queries.filter((q) => q.type === 'TXT').at(-1);
    lines.push(
      `lookup ${count} is over the limit of ${MAX_SPF_LOOKUPS}${last ? ` (a term in or after the record of ${last.name})` : ''}`,
    );
  }
  return lines;
}

function authorisedItem(domain: string, host: string, ip: string, v: SpfVerdict): DiagnoseItem {
  const id = `spf.mx:${ip}`;
  if (v.result === 'pass') {
    const ok = item(id, 'spf', 'ok', `MX ${host} (${ip}) is authorised by SPF`, 0);
    ok.evidence.push(v.comment);
    return ok;
  }
  if (v.result === 'temperror') {
    const unknown = item(id, 'spf', 'unknown', `could not tell whether ${ip} is authorised by SPF`, 0);
    unknown.evidence.push(v.comment);
    return unknown;
  }
  const mechanism = `ip${ip.includes(':') ? 6 : 4}:${ip}`;
  const title = `MX ${host} (${ip}) is not authorised by SPF (${v.result})`;
  const not = finding(id, 'spf', 'warning', title, 'spf.mx-not-authorised', { host, domain, mechanism });
  not.evidence.push(v.comment);
  return not;
}
