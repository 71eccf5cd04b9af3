import { item } from './items.js';
import type { DiagnoseItem, ProbeView } from './types.js';

/** The host name a 220 greeting announces (RFC 5321 §4.2: "220 <domain> <text>"), if any. */
export function greetingName(greeting: string | null | undefined): string | null {
  if (!greeting) return null;
  const first = greeting.split(/\r?\n/)[0] ?? '';
  const match = /^220[ -](\S+)/.exec(first.trim());
  const name = match?.[1]?.toLowerCase().replace(/\.$/, '');
  return name && /[a-z]/.test(name) && name.includes('.') ? name : null;
}

/** Compares the greeting's name with the PTR names of the address (the classic "banner does not match rDNS" finding). */
export function greetingItem(
  ip: string,
  greeting: string | null | undefined,
  ptrNames: readonly string[] | null,
): DiagnoseItem | null {
  const name = greetingName(greeting);
  const id = `rdns.greeting:${ip}`;
  if (ptrNames === null || greeting === undefined || greeting === null) return null;
  if (!name) {
    const odd = item(id, 'rdns', 'warning', `the SMTP greeting of ${ip} names no host`, 20);
    odd.evidence.push(`greeting: ${greeting.split(/\r?\n/)[0]}`);
    odd.fix =
      'Make the server greet with its full host name, the one its PTR gives (Postfix: myhostname; Exim: primary_hostname).';
    return odd;
  }
  if (ptrNames.includes(name)) {
    const ok = item(id, 'rdns', 'ok', `the SMTP greeting of ${ip} matches its PTR (${name})`, 0);
    ok.evidence.push(`greeting: ${greeting.split(/\r?\n/)[0]}`, `PTR: ${ptrNames.join(', ')}`);
    return ok;
  }
  const mismatch = item(
    id,
    'rdns',
    'warning',
    `the SMTP greeting of ${ip} (${name}) does not match its PTR`,
    25,
  );
  mismatch.evidence.push(
    `greeting: ${greeting.split(/\r?\n/)[0]}`,
    `PTR: ${ptrNames.length ? ptrNames.join(', ') : '(none)'}`,
  );
  mismatch.fix = `Use one name for the PTR, the A record and the greeting/HELO name${ptrNames[0] ? ` (e.g. set the MTA's host name to ${ptrNames[0]})` : ''}: receivers compare them, and the HELO name is what they see when this host sends.`;
  return mismatch;
}

/** Items for one SMTP probe: backscatter (unknown recipients accepted), open relay, and the MTA fix the probe names. */
export function probeItems(report: ProbeView): DiagnoseItem[] {
  const where = `${report.host}${report.ip ? ` (${report.ip})` : ''}`;
  const items: DiagnoseItem[] = [];
  const remedy = remedyText(report.remedy);
  const backscatter = report.checks?.unknownRecipient;
  if (backscatter)
    items.push(
      verdictItem(
        `smtp.backscatter:${where}`,
        where,
        'unknown recipients',
        backscatter,
        65,
        remedy ??
          'Reject unknown recipients at RCPT time (Postfix: smtpd_reject_unlisted_recipient = yes with a recipient map; Exim: verify = recipient in the RCPT ACL) instead of accepting and bouncing later: the bounces go to forged senders and get the server listed on backscatterer.org.',
      ),
    );
  const relay = report.checks?.openRelay;
  if (relay)
    items.push(
      verdictItem(
        `smtp.relay:${where}`,
        where,
        'open relay',
        relay,
        98,
        remedy ??
          'Close the relay now: allow relaying only for your own networks and authenticated users (Postfix: smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination).',
      ),
    );
  const greeting = item(
    `smtp.greeting:${where}`,
    'smtp',
    report.greeting ? 'ok' : 'unknown',
    `SMTP on ${where}:${report.port}`,
    0,
  );
  if (report.greeting) greeting.evidence.push(`greeting: ${report.greeting.split(/\r?\n/)[0]}`);
  if (report.mta) greeting.evidence.push(`MTA: ${report.mta}`);
  if (!report.greeting) greeting.evidence.push('no greeting received');
  items.unshift(greeting);
  return items;
}

/** Verdict words the probe uses: a bad one is a problem, a good one ok, anything else unknown. */
const BAD = new Set([
  'vulnerable',
  'backscatter',
  'accepts',
  'accepted',
  'open',
  'open-relay',
  'relays',
  'fail',
  'problem',
]);
const GOOD = new Set(['safe', 'rejects', 'rejected', 'closed', 'ok', 'pass', 'not-vulnerable', 'protected']);

function verdictItem(
  id: string,
  where: string,
  what: string,
  check: { verdict: string; detail?: string | undefined },
  weight: number,
  fix: string,
): DiagnoseItem {
  const verdict = check.verdict.toLowerCase();
  const status = BAD.has(verdict) ? 'problem' : GOOD.has(verdict) ? 'ok' : 'unknown';
  const title =
    status === 'problem'
      ? `${where}: ${what === 'open relay' ? 'is an open relay' : 'accepts mail for unknown recipients (backscatter)'}`
      : status === 'ok'
        ? `${where}: ${what === 'open relay' ? 'not an open relay' : 'rejects unknown recipients at RCPT'}`
        : `${where}: ${what} could not be tested (${check.verdict})`;
  const found = item(id, 'smtp', status, title, status === 'problem' ? weight : 0);
  found.evidence.push(`verdict: ${check.verdict}`);
  if (check.detail) found.evidence.push(check.detail);
  if (status === 'problem') found.fix = fix;
  return found;
}

function remedyText(remedy: unknown): string | null {
  if (typeof remedy === 'string') return remedy;
  if (remedy && typeof remedy === 'object') {
    const r = remedy as { text?: unknown; summary?: unknown; fix?: unknown };
    for (const v of [r.text, r.summary, r.fix]) if (typeof v === 'string') return v;
  }
  return null;
}
