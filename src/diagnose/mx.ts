import { parseIp } from '../core/ip.js';
import type { DnsOutcome, Resolver } from '../dns/types.js';
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
    const found = item('mx.exists', 'mx', 'problem', `${domain} does not exist in DNS`, 95);
    found.evidence.push(`MX ${domain}: NXDOMAIN`);
    found.fix = `Register ${domain} or fix the delegation: mail to and from a non-existent domain is refused everywhere.`;
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
    const found = item(
      'mx.null',
      'mx',
      'warning',
      `${domain} publishes a null MX: it accepts no mail (RFC 7505)`,
      40,
    );
    found.evidence.push('MX 0 .');
    found.fix = `If ${domain} should receive mail, replace the null MX with real MX records. If it sends mail, note that receivers may refuse mail from a null-MX domain (RFC 7505 §4.2).`;
    return { items: [found], hosts: [], nullMx: true };
  }
  const broken = item('mx.null', 'mx', 'problem', 'A null MX is mixed with other MX records', 70);
  broken.evidence.push(`${total} MX records, ${nulls} of them the null MX "0 ."`);
  broken.fix = 'A null MX must be the only MX record (RFC 7505 §3): remove it, or remove the others.';
  return { items: [broken], hosts: [], nullMx: true };
}

async function examineImplicitMx(domain: string, resolver: Resolver): Promise<MxFindings> {
  const items: DiagnoseItem[] = [];
  const host = await examineMxHost(domain, 0, resolver, items);
  const status = host.addresses.length > 0 ? 'warning' : 'problem';
  const found = item(
    'mx.records',
    'mx',
    status,
    `${domain} has no MX record`,
    status === 'problem' ? 90 : 35,
  );
  found.evidence.push(`MX ${domain}: no records (NODATA)`);
  found.evidence.push(
    host.addresses.length > 0
      ? `mail falls back to the address record (implicit MX, RFC 5321 §5.1): ${host.addresses.join(', ')}`
      : 'and no A/AAAA record either: mail to this domain cannot be delivered',
  );
  found.fix = `Publish an MX record for ${domain} naming the host that receives its mail (e.g. "${domain}. IN MX 10 mail.${domain}.").`;
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
    const literal = item(
      `mx.literal:${exchange}`,
      'mx',
      'problem',
      `MX ${exchange} is an IP address, not a host name`,
      85,
    );
    literal.evidence.push(`MX ${preference} ${exchange}`);
    literal.fix = `An MX must name a host (RFC 5321 §5.1); create e.g. mail.<domain> with an A record ${exchange} and point the MX at it.`;
    items.push(literal);
    return { exchange, preference, addresses: [], error: 'address literal' };
  }
  const [a, aaaa] = await Promise.all([resolver.query(exchange, 'A'), resolver.query(exchange, 'AAAA')]);
  const addresses = [...records(a), ...records(aaaa)];
  const alias = [a, aaaa].find(
    (o) => o.status === 'answer' && o.canonicalName && o.canonicalName !== exchange,
  );
  if (alias?.status === 'answer') {
    const cname = item(`mx.cname:${exchange}`, 'mx', 'warning', `MX host ${exchange} is a CNAME`, 30);
    cname.evidence.push(`${exchange} CNAME ${alias.canonicalName}`);
    cname.fix = `Point the MX at ${alias.canonicalName} directly: an MX must not be an alias (RFC 2181 §10.3); some senders refuse it.`;
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
  const none = item(
    `mx.address:${exchange}`,
    'mx',
    status,
    `MX host ${exchange} has no address`,
    failed ? 0 : 90,
  );
  none.evidence.push(`A ${exchange}: ${a.status}`, `AAAA ${exchange}: ${aaaa.status}`);
  if (!failed)
    none.fix = `Give ${exchange} an A (and/or AAAA) record, or point the MX at a host that has one.`;
  items.push(none);
  return { exchange, preference, addresses: [], error: failed ? failed.status : 'no A or AAAA record' };
}

function records(outcome: DnsOutcome<string>): string[] {
  return outcome.status === 'answer' ? outcome.records : [];
}
