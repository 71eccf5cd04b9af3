import { parseIp } from '../core/ip.js';
import type { DnsOutcome, Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import type { DiagnoseItem, MxHost } from './types.js';

/** More MX hosts than this are not examined one by one (each costs PTR, lists and an SMTP probe). */
export const MAX_MX_HOSTS = 10;

export interface MxFindings {
  items: DiagnoseItem[];
  hosts: MxHost[];
  /** RFC 7505 null MX: the domain declares it accepts no mail. */
  nullMx: boolean;
}

/**
 * The MX set of a domain and the addresses of each host: RFC 5321 §5.1 (no MX means the A/AAAA
 * record is the implicit MX), RFC 7505 (null MX), RFC 2181 §10.3 (an MX must not be a CNAME),
 * RFC 5321 §5.1 again (an MX is a host name, never an address literal).
 */
export async function examineMx(domain: string, resolver: Resolver): Promise<MxFindings> {
  const outcome = await resolver.query(domain, 'MX');
  if (outcome.status === 'nxdomain') {
    const found = finding('mx.exists', 'mx', 'problem', `${domain} does not exist in DNS`, 'mx.exists', {
      domain,
    });
    found.evidence.push(`MX ${domain}: NXDOMAIN`);
    return { items: [found], hosts: [], nullMx: false };
  }
  if (outcome.status === 'nodata') return examineImplicitMx(domain, resolver);
  if (outcome.status !== 'answer') {
    const unknown = item('mx.records', 'mx', 'unknown', `MX records of ${domain} could not be read`, 0);
    unknown.evidence.push(`MX ${domain}: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}`);
    return { items: [unknown], hosts: [], nullMx: false };
  }
  const records = [...outcome.records].sort((a, b) => a.preference - b.preference);
  const nullRecords = records.filter((r) => r.exchange === '');
  if (nullRecords.length > 0) return nullMxFindings(domain, records.length, nullRecords.length);
  const listed = item('mx.records', 'mx', 'ok', `${domain} has ${records.length} MX record(s)`, 0);
  for (const r of records) listed.evidence.push(`MX ${r.preference} ${r.exchange}`);
  const items = [listed];
  if (records.length > MAX_MX_HOSTS) {
    listed.evidence.push(`only the first ${MAX_MX_HOSTS} (lowest preference) are examined`);
  }
  const hosts = await Promise.all(
    records.slice(0, MAX_MX_HOSTS).map((r) => examineMxHost(r.exchange, r.preference, resolver, items)),
  );
  return { items, hosts, nullMx: false };
}

function nullMxFindings(domain: string, total: number, nulls: number): MxFindings {
  if (total === nulls && nulls === 1) {
    const title = `${domain} publishes a null MX: it accepts no mail (RFC 7505)`;
    const found = finding('mx.null', 'mx', 'warning', title, 'mx.null-only', { domain });
    found.evidence.push('MX 0 .');
    return { items: [found], hosts: [], nullMx: true };
  }
  const broken = finding(
    'mx.null',
    'mx',
    'problem',
    'A null MX is mixed with other MX records',
    'mx.null-mixed',
  );
  broken.evidence.push(`${total} MX records, ${nulls} of them the null MX "0 ."`);
  return { items: [broken], hosts: [], nullMx: true };
}

async function examineImplicitMx(domain: string, resolver: Resolver): Promise<MxFindings> {
  const items: DiagnoseItem[] = [];
  const host = await examineMxHost(domain, 0, resolver, items);
  const status = host.addresses.length > 0 ? 'warning' : 'problem';
  const key = status === 'problem' ? 'mx.none' : 'mx.none-implicit';
  const found = finding('mx.records', 'mx', status, `${domain} has no MX record`, key, { domain });
  found.evidence.push(`MX ${domain}: no records (NODATA)`);
  found.evidence.push(
    host.addresses.length > 0
      ? `mail falls back to the address record (implicit MX, RFC 5321 §5.1): ${host.addresses.join(', ')}`
      : 'and no A/AAAA record either: mail to this domain cannot be delivered',
  );
  return {
    items: [found, ...items.filter((i) => i.status !== 'problem')],
    hosts: host.addresses.length ? [host] : [],
    nullMx: false,
  };
}

async function examineMxHost(
  exchange: string,
  preference: number,
  resolver: Resolver,
  items: DiagnoseItem[],
): Promise<MxHost> {
  if (parseIp(exchange)) {
    const title = `MX ${exchange} is an IP address, not a host name`;
    const literal = finding(`mx.literal:${exchange}`, 'mx', 'problem', title, 'mx.literal', { exchange });
    literal.evidence.push(`MX ${preference} ${exchange}`);
    items.push(literal);
    return { exchange, preference, addresses: [], error: 'address literal' };
  }
  const [a, aaaa] = await Promise.all([resolver.query(exchange, 'A'), resolver.query(exchange, 'AAAA')]);
  const addresses = [...records(a), ...records(aaaa)];
  const alias = [a, aaaa].find(
    (o) => o.status === 'answer' && o.canonicalName && o.canonicalName !== exchange,
  );
  if (alias?.status === 'answer') {
    const target = alias.canonicalName ?? exchange;
    const title = `MX host ${exchange} is a CNAME`;
    const cname = finding(`mx.cname:${exchange}`, 'mx', 'warning', title, 'mx.cname', { target });
    cname.evidence.push(`${exchange} CNAME ${alias.canonicalName}`);
    items.push(cname);
  }
  if (addresses.length > 0) {
    const ok = item(`mx.address:${exchange}`, 'mx', 'ok', `MX host ${exchange} resolves`, 0);
    ok.evidence.push(`${exchange} -> ${addresses.join(', ')}`);
    items.push(ok);
    return { exchange, preference, addresses, error: null };
  }
  const failed = [a, aaaa].find(
    (o) => o.status !== 'answer' && o.status !== 'nodata' && o.status !== 'nxdomain',
  );
  const status = failed ? 'unknown' : 'problem';
  const title = `MX host ${exchange} has no address`;
  const none = finding(`mx.address:${exchange}`, 'mx', status, title, 'mx.no-address', { exchange });
  none.evidence.push(`A ${exchange}: ${a.status}`, `AAAA ${exchange}: ${aaaa.status}`);
  items.push(none);
  return { exchange, preference, addresses: [], error: failed ? failed.status : 'no A or AAAA record' };
}

function records(outcome: DnsOutcome<string>): string[] {
  return outcome.status === 'answer' ? outcome.records : [];
}
