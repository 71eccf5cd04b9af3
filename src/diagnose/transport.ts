import type { Resolver } from '../dns/types.js';
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
  missingFix: string;
  weight: number;
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
      missingFix: `Optional hardening: publish "_mta-sts.${domain} TXT v=STSv1; id=<date>" and the policy at https://mta-sts.${domain}/.well-known/mta-sts.txt so that senders insist on TLS to your MX (RFC 8461).`,
      weight: 5,
    },
    {
      id: 'transport.tls-rpt',
      name: `_smtp._tls.${domain}`,
      version: /^v=TLSRPTv1\b/i,
      label: 'TLS-RPT',
      required: /(^|;)\s*rua=(mailto:|https:)/i,
      requiredText: 'a rua= with a mailto: or https: address',
      missingTitle: `${domain} publishes no TLS-RPT record`,
      missingFix: `Optional: publish "_smtp._tls.${domain} TXT v=TLSRPTv1; rua=mailto:tls-reports@${domain}" to hear when senders cannot reach you over TLS (RFC 8460).`,
      weight: 4,
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
    const missing = item(p.id, 'transport', 'warning', p.missingTitle, p.weight);
    missing.evidence.push(`TXT ${p.name}: none`);
    missing.fix = p.missingFix;
    return missing;
  }
  const record = records[0]!;
  if (records.length > 1 || !p.required.test(record)) {
    const bad = item(p.id, 'transport', 'warning', `${p.label} record is invalid`, p.weight + 10);
    bad.evidence.push(...records.map((r) => `TXT ${p.name} "${r}"`));
    bad.fix =
      records.length > 1
        ? `Keep one ${p.label} record: with several, senders ignore them all.`
        : `The record needs ${p.requiredText}.`;
    return bad;
  }
  const ok = item(p.id, 'transport', 'ok', `${p.label} record present`, 0);
  ok.evidence.push(`TXT ${p.name} "${record}"`);
  return ok;
}
