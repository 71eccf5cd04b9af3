import type { Resolver } from '../dns/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import type { DiagnoseItem } from './types.js';

interface TxtPolicy {
  id: string;
  name: string;
  version: RegExp;
  label: string;
  required: RegExp;
  requiredText: string;
  missingTitle: string;
  /** The fixes.json entry of a missing record. */
  missingKey: string;
  domain: string;
}

/**
 * The DNS halves of MTA-STS (RFC 8461 §3.1: `_mta-sts.<domain>` TXT "v=STSv1; id=...") and
 * SMTP TLS reporting (RFC 8460 §3: `_smtp._tls.<domain>` TXT "v=TLSRPTv1; rua=..."). Neither
 * makes mail bounce when absent, so they rank last; a broken record is worse than none.
 */
export async function examineTransport(domain: string, resolver: Resolver): Promise<DiagnoseItem[]> {
  const policies: TxtPolicy[] = [
    {
      id: 'transport.mta-sts',
      name: `_mta-sts.${domain}`,
      version: /^v=STSv1\b/i,
      label: 'MTA-STS',
      required: /(^|;)\s*id=[A-Za-z0-9]{1,32}\s*(;|$)/,
      requiredText: 'an id= of 1-32 letters and digits',
      missingTitle: `${domain} publishes no MTA-STS record`,
      missingKey: 'transport.mta-sts-missing',
      domain,
    },
    {
      id: 'transport.tls-rpt',
      name: `_smtp._tls.${domain}`,
      version: /^v=TLSRPTv1\b/i,
      label: 'TLS-RPT',
      required: /(^|;)\s*rua=(mailto:|https:)/i,
      requiredText: 'a rua= with a mailto: or https: address',
      missingTitle: `${domain} publishes no TLS-RPT record`,
      missingKey: 'transport.tls-rpt-missing',
      domain,
    },
  ];
  return Promise.all(policies.map((p) => examineTxtPolicy(p, resolver)));
}

async function examineTxtPolicy(p: TxtPolicy, resolver: Resolver): Promise<DiagnoseItem> {
  const outcome = await resolver.query(p.name, 'TXT');
  if (outcome.status !== 'answer' && outcome.status !== 'nodata' && outcome.status !== 'nxdomain') {
    const unknown = item(p.id, 'transport', 'unknown', `${p.label} record could not be read`, 0);
    unknown.evidence.push(`TXT ${p.name}: ${outcome.status}`);
    return unknown;
  }
  const records = outcome.status === 'answer' ? outcome.records.filter((r) => p.version.test(r.trim())) : [];
  if (records.length === 0) {
    const missing = finding(p.id, 'transport', 'warning', p.missingTitle, p.missingKey, { domain: p.domain });
    missing.evidence.push(`TXT ${p.name}: none`);
    return missing;
  }
  const record = records[0]!;
  if (records.length > 1 || !p.required.test(record)) {
    const key = records.length > 1 ? 'transport.several' : 'transport.invalid';
    const values = { label: p.label, required: p.requiredText };
    const bad = finding(p.id, 'transport', 'warning', `${p.label} record is invalid`, key, values);
    bad.evidence.push(...records.map((r) => `TXT ${p.name} "${r}"`));
    return bad;
  }
  const ok = item(p.id, 'transport', 'ok', `${p.label} record present`, 0);
  ok.evidence.push(`TXT ${p.name} "${record}"`);
  return ok;
}
