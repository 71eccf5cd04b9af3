/** Bounce report -> readable text and JSON objects (the CLI writes them). */
import { sanitizeLine as clean } from '../core/sanitize.js';
import type { BounceReport, RecipientResult } from './types.js';

/** Every value is a DSN field or header from the message: sanitised (src/core/sanitize.ts). */
function line(label: string, value: string | null): string {
  return value === null || value === '' ? '' : `    ${label.padEnd(12)}${clean(value)}\n`;
}

function renderRecipient(r: RecipientResult): string {
  const head = `  ${clean(r.address ?? '(no address)')}: ${r.reason} (${r.hard ? 'hard' : 'soft'})\n`;
  let out = head + line('why', r.explanation);
  const codes = [r.replyCode, r.status].filter((c) => c !== null).join(' ');
  out += line('codes', codes === '' ? null : codes);
  out += line('action', r.action);
  out += line('remote MTA', r.remoteMta);
  out += line(
    'diagnostic',
    r.diagnostic && r.diagnostic.length > 300 ? `${r.diagnostic.slice(0, 300)}...` : r.diagnostic,
  );
  out += line('feedback', r.feedbackType);
  if (r.blocklist) {
    const b = r.blocklist;
    out += line('blocklist', `${b.name}${b.zone ? ` (${b.zone})` : ''}${b.ip ? `, IP ${b.ip}` : ''}`);
    out += line('delist', b.delist);
    out += line('policy', b.policy);
  }
  return out;
}

const KIND_TEXT: Record<BounceReport['kind'], string> = {
  bounce: 'bounce',
  feedback: 'ARF feedback report (a complaint, not a bounce)',
  'auto-reply': 'auto-reply (not a bounce)',
  delivered: 'delivery report (success, not a bounce)',
  'not-bounce': 'not a bounce',
};

export function renderText(file: string, report: BounceReport): string {
  let out = `${clean(file)}: ${KIND_TEXT[report.kind]}`;
  if (report.subject) out += ` — "${clean(report.subject)}"`;
  out += '\n';
  if (report.warning) out += `  warning: ${clean(report.warning)}\n`;
  for (const r of report.recipients) out += renderRecipient(r);
  const o = report.original;
  if (o.messageId || o.subject || o.to) {
    const parts = [o.subject && `"${o.subject}"`, o.to && `to ${o.to}`, o.date, o.messageId];
    out += `  original: ${clean(parts.filter(Boolean).join(', '))}\n`;
  }
  return out;
}

/** Distinct IPs named by blocklist attributions, in order of appearance (for --check). */
export function blockedIps(report: BounceReport): string[] {
  const ips: string[] = [];
  for (const r of report.recipients)
    if (r.blocklist?.ip && !ips.includes(r.blocklist.ip)) ips.push(r.blocklist.ip);
  return ips;
}
