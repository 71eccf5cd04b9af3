import { type ParsedIp, parseIp, ptrName } from '../core/ip.js';
import type { Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { classifyPtr } from './generic-ptr.js';
import { item } from './items.js';
import type { DiagnoseItem } from './types.js';

/** A PTR set larger than this is not forward-confirmed name by name (each costs two queries). */
export const MAX_PTR_NAMES = 5;

export interface RdnsFindings {
  ip: string;
  /** The PTR names (empty when none), or null when the lookup failed. */
  names: string[] | null;
  /** The PTR names whose A/AAAA include the address (forward-confirmed). */
  confirmed: string[];
  items: DiagnoseItem[];
}

/**
 * PTR, forward-confirmed reverse DNS (FCrDNS: the PTR name resolves back to the address) and
 * the generic/dynamic look of the name. The PTR is asked of the DNS server on the in-addr.arpa /
 * ip6.arpa name, never through the hosts file (see docs/diagnose.md).
 */
export async function examineReverseDns(ip: ParsedIp, resolver: Resolver): Promise<RdnsFindings> {
  const reverse = ptrName(ip);
  const outcome = await resolver.query(reverse, 'PTR');
  if (outcome.status === 'nxdomain' || outcome.status === 'nodata') {
    const title = `${ip.text} has no reverse DNS (PTR)`;
    const none = finding(`rdns.ptr:${ip.text}`, 'rdns', 'problem', title, 'rdns.none', { ip: ip.text });
    none.evidence.push(`PTR ${reverse}: ${outcome.status}`);
    return { ip: ip.text, names: [], confirmed: [], items: [none] };
  }
  if (outcome.status !== 'answer') {
    const unknown = item(
      `rdns.ptr:${ip.text}`,
      'rdns',
      'unknown',
      `reverse DNS of ${ip.text} could not be read`,
      0,
    );
    unknown.evidence.push(`PTR ${reverse}: ${outcome.status}`);
    return { ip: ip.text, names: null, confirmed: [], items: [unknown] };
  }
  const names = outcome.records;
  const items: DiagnoseItem[] = [];
  const several = names.length > 1;
  const ptrItem = finding(
    `rdns.ptr:${ip.text}`,
    'rdns',
    several ? 'warning' : 'ok',
    several ? `${ip.text} has ${names.length} PTR records` : `${ip.text} has a PTR`,
    'rdns.several',
  );
  ptrItem.evidence.push(...names.map((n) => `PTR ${reverse} -> ${n}`));
  items.push(ptrItem);
  const confirmed = await confirmNames(names.slice(0, MAX_PTR_NAMES), ip, resolver);
  items.push(fcrdnsItem(ip, names, confirmed));
  items.push(genericItem(ip, names[0]!));
  return { ip: ip.text, names, confirmed: confirmed.names, items };
}

async function confirmNames(
  names: string[],
  ip: ParsedIp,
  resolver: Resolver,
): Promise<{ names: string[]; evidence: string[]; failed: boolean }> {
  const type = ip.family === 4 ? 'A' : 'AAAA';
  const outcomes = await Promise.all(names.map((n) => resolver.query(n, type)));
  const result = { names: [] as string[], evidence: [] as string[], failed: false };
  outcomes.forEach((o, i) => {
    const name = names[i]!;
    if (o.status === 'answer') {
      result.evidence.push(`${type} ${name} -> ${o.records.join(', ')}`);
      if (o.records.some((r) => parseIp(r)?.text === ip.text)) result.names.push(name);
    } else {
      result.evidence.push(`${type} ${name}: ${o.status}`);
      if (o.status !== 'nxdomain' && o.status !== 'nodata') result.failed = true;
    }
  });
  return result;
}

function fcrdnsItem(
  ip: ParsedIp,
  names: string[],
  confirmed: { names: string[]; evidence: string[]; failed: boolean },
): DiagnoseItem {
  const id = `rdns.fcrdns:${ip.text}`;
  if (confirmed.names.length > 0) {
    const ok = item(id, 'rdns', 'ok', `reverse DNS of ${ip.text} is forward-confirmed`, 0);
    ok.evidence.push(...confirmed.evidence);
    return ok;
  }
  const status = confirmed.failed ? 'unknown' : 'problem';
  const rrtype = ip.family === 6 ? 'AAAA' : 'A';
  const bad = finding(
    id,
    'rdns',
    status,
    `the PTR of ${ip.text} does not resolve back to it (no FCrDNS)`,
    'rdns.fcrdns',
    { rrtype, name: names[0] ?? '', ip: ip.text },
  );
  bad.evidence.push(...confirmed.evidence);
  return bad;
}

function genericItem(ip: ParsedIp, name: string): DiagnoseItem {
  const id = `rdns.generic:${ip.text}`;
  const verdict = classifyPtr(name, ip);
  if (verdict.kind === 'specific') {
    const ok = item(id, 'rdns', 'ok', `the PTR ${name} looks like a mail server's own name`, 0);
    ok.evidence.push(`PTR ${name}`);
    return ok;
  }
  const dynamic = verdict.kind === 'dynamic';
  const found = finding(
    id,
    'rdns',
    dynamic ? 'problem' : 'warning',
    `the PTR ${name} looks ${dynamic ? 'dynamic (an end-user pool)' : 'generic'}`,
    dynamic ? 'rdns.dynamic' : 'rdns.generic',
    { ip: ip.text },
  );
  found.evidence.push(`PTR ${name}: ${verdict.reason}`);
  return found;
}
