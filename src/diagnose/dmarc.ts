import getDmarcRecord, { type DmarcRecord } from 'mailauth/lib/dmarc/get-dmarc-record.js';
import { getDomain } from 'tldts';
import type { Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import { toNodeStyleResolver } from './mailauth-resolver.js';
import type { DiagnoseItem } from './types.js';

/** External report destinations checked for authorisation (RFC 7489 §7.1); more are listed unchecked. */
export const MAX_RUA_CHECKED = 5;

/**
 * DMARC (RFC 7489): the record at `_dmarc.<domain>` (or the organisational domain's), the
 * policy, the alignment modes, and where aggregate/failure reports go. mailauth finds and parses
 * the record; the count of records is checked here first because mailauth reads "several" as
 * "none", and an admin needs to know the difference.
 */
export async function examineDmarc(domain: string, resolver: Resolver): Promise<DiagnoseItem[]> {
  const name = `_dmarc.${domain}`;
  const outcome = await resolver.query(name, 'TXT');
  if (outcome.status !== 'answer' && outcome.status !== 'nodata' && outcome.status !== 'nxdomain') {
    const unknown = item(
      'dmarc.record',
      'dmarc',
      'unknown',
      `DMARC record of ${domain} could not be read`,
      0,
    );
    unknown.evidence.push(`TXT ${name}: ${outcome.status}`);
    return [unknown];
  }
  const own = outcome.status === 'answer' ? outcome.records.filter((r) => /^v=DMARC1\b/i.test(r.trim())) : [];
  if (own.length > 1) {
    const title = `${domain} has ${own.length} DMARC records`;
    const many = finding('dmarc.record', 'dmarc', 'problem', title, 'dmarc.many');
    many.evidence.push(...own.map((r) => `TXT ${name} "${r}"`));
    return [many];
  }
  let record: DmarcRecord | false;
  try {
    record = await getDmarcRecord(domain, toNodeStyleResolver(resolver));
  } catch (error) {
    const unknown = item(
      'dmarc.record',
      'dmarc',
      'unknown',
      `DMARC record of ${domain} could not be read`,
      0,
    );
    unknown.evidence.push((error as Error).message);
    return [unknown];
  }
  if (!record) {
    const title = `${domain} has no DMARC record`;
    const none = finding('dmarc.record', 'dmarc', 'problem', title, 'dmarc.none', { name, domain });
    none.evidence.push(`TXT ${name}: no "v=DMARC1" record`);
    return [none];
  }
  const found = item('dmarc.record', 'dmarc', 'ok', `${domain} has a DMARC record`, 0);
  found.evidence.push(`"${record.rr}"`);
  if (record.isOrgRecord)
    found.evidence.push(`inherited from the organisational domain ${getDomain(domain) ?? ''}`);
  return [found, policyItem(record), alignmentItem(record), await reportsItem(domain, record, resolver)];
}

function tag(record: DmarcRecord, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}

function policyItem(record: DmarcRecord): DiagnoseItem {
  const p = tag(record, 'p')?.toLowerCase();
  const pct = record.pct === undefined ? 100 : Number(record.pct);
  if (p !== 'none' && p !== 'quarantine' && p !== 'reject') {
    const title = 'DMARC record has no valid policy (p=)';
    const bad = finding('dmarc.policy', 'dmarc', 'problem', title, 'dmarc.policy-invalid');
    bad.evidence.push(p === undefined ? 'no p= tag' : `p=${p}`);
    return bad;
  }
  const sp = tag(record, 'sp');
  const evidence = [`p=${p}`, ...(sp ? [`sp=${sp}`] : []), `pct=${pct}`];
  if (p === 'none') {
    const title = 'DMARC policy is p=none (monitoring only)';
    const monitor = finding('dmarc.policy', 'dmarc', 'warning', title, 'dmarc.policy-none');
    monitor.evidence.push(...evidence);
    return monitor;
  }
  if (pct < 100) {
    const title = `DMARC policy p=${p} applies to ${pct}% of mail`;
    const partial = finding('dmarc.policy', 'dmarc', 'warning', title, 'dmarc.policy-partial');
    partial.evidence.push(...evidence);
    return partial;
  }
  const ok = item('dmarc.policy', 'dmarc', 'ok', `DMARC policy is p=${p}`, 0);
  ok.evidence.push(...evidence);
  return ok;
}

function alignmentItem(record: DmarcRecord): DiagnoseItem {
  const mode = (v: string | undefined) => (v?.toLowerCase() === 's' ? 'strict' : 'relaxed');
  const aspf = tag(record, 'aspf');
  const adkim = tag(record, 'adkim');
  const ok = item('dmarc.alignment', 'dmarc', 'ok', 'DMARC alignment modes', 0);
  ok.evidence.push(
    `SPF alignment ${mode(aspf)}${aspf ? ` (aspf=${aspf})` : ' (default)'}`,
    `DKIM alignment ${mode(adkim)}${adkim ? ` (adkim=${adkim})` : ' (default)'}`,
  );
  if (mode(aspf) === 'strict' || mode(adkim) === 'strict') {
    ok.evidence.push(
      'strict: the envelope sender / DKIM d= must equal the From domain exactly, not a subdomain of it',
    );
  }
  return ok;
}

async function reportsItem(domain: string, record: DmarcRecord, resolver: Resolver): Promise<DiagnoseItem> {
  const rua = splitUris(tag(record, 'rua'));
  const ruf = splitUris(tag(record, 'ruf'));
  if (rua.length === 0) {
    const title = 'DMARC asks for no aggregate reports (no rua=)';
    const none = finding('dmarc.reports', 'dmarc', 'warning', title, 'dmarc.no-rua', { domain });
    none.evidence.push('no rua= tag', ...(ruf.length ? [`ruf=${ruf.join(',')}`] : []));
    return none;
  }
  const external = rua
    .map((uri) => /^mailto:[^@]+@([^!,\s]+)/i.exec(uri)?.[1]?.toLowerCase())
    .filter((d): d is string => d !== undefined && getDomain(d) !== getDomain(domain))
    .slice(0, MAX_RUA_CHECKED);
  const checks = await Promise.all(
    external.map((d) => resolver.query(`${domain}._report._dmarc.${d}`, 'TXT')),
  );
  const unauthorised = external.filter((_, i) => {
    const o = checks[i]!;
    return (
      o.status === 'nxdomain' ||
      o.status === 'nodata' ||
      (o.status === 'answer' && !o.records.some((r) => /^v=DMARC1/i.test(r)))
    );
  });
  const evidence = [
    `rua=${rua.join(',')}`,
    ...(ruf.length ? [`ruf=${ruf.join(',')}`] : ['no ruf= (failure reports; few receivers send them)']),
  ];
  if (unauthorised.length > 0) {
    const title = 'DMARC reports go to a domain that has not agreed to receive them';
    const domains = unauthorised.join(', ');
    const bad = finding('dmarc.reports', 'dmarc', 'warning', title, 'dmarc.rua-unauthorised', {
      domains,
      domain,
    });
    bad.evidence.push(...evidence, ...unauthorised.map((d) => `TXT ${domain}._report._dmarc.${d}: missing`));
    return bad;
  }
  const ok = item('dmarc.reports', 'dmarc', 'ok', 'DMARC aggregate reports are requested', 0);
  ok.evidence.push(...evidence);
  return ok;
}

function splitUris(value: string | undefined): string[] {
  return value
    ? value
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean)
    : [];
}
