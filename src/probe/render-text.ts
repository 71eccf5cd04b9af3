/** The probe report as text for a terminal: findings first, the transcript with -v. */
import type { ProbeReport, RcptCheck, TlsReport, TranscriptLine } from './types.js';

const LABEL_WIDTH = 19;
/** Exim puts the list's URL on the third line of its refusal: show a few lines, not one. */
const MAX_SHOWN_REFUSAL_LINES = 5;

function row(label: string, value: string): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${value}\n`;
}

function firstLine(text: string | null): string {
  return (text ?? '').split('\n')[0] ?? '';
}

function checkRow(label: string, check: RcptCheck<string>): string {
  const reply = check.reply ? `  ${firstLine(check.reply)}` : '';
  return row(label, `${check.verdict.toUpperCase()}${reply}`);
}

export function describeTls(tls: TlsReport | null): string {
  if (!tls) return 'not reached';
  if (!tls.offered) return 'STARTTLS not offered';
  if (!tls.attempted) return 'offered, not tried (--no-tls)';
  if (!tls.ok) return tls.error ?? 'failed';
  const parts = [`${tls.protocol ?? '?'} ${tls.cipher ?? ''}`.trim()];
  if (tls.subject) parts.push(`subject ${tls.subject}`);
  if (tls.subjectAltNames.length) parts.push(`SAN ${tls.subjectAltNames.join(' ')}`);
  if (tls.issuer && !tls.selfSigned) parts.push(`issuer ${tls.issuer}`);
  if (tls.selfSigned) parts.push('self-signed');
  else if (tls.trusted === false) parts.push(`untrusted (${tls.trustError ?? 'chain'})`);
  if (tls.validTo) parts.push(`${tls.expired ? 'EXPIRED' : 'expires'} ${tls.validTo.slice(0, 10)}`);
  parts.push(
    tls.nameMatches === null
      ? 'name not checked (probed by address)'
      : tls.nameMatches
        ? 'name matches'
        : 'name does NOT match',
  );
  return parts.join('; ');
}

/** One line per transcript entry, telnet style: server lines as sent, client lines marked ">". */
export function renderTranscript(lines: readonly TranscriptLine[]): string {
  return lines
    .map((l) => {
      const ms = `${String(l.ms).padStart(6)} ms `;
      if (l.from === 'client') return `${ms}> ${l.line}\n`;
      if (l.from === 'note') return `${ms}# ${l.line}\n`;
      return `${ms}  ${l.line}\n`;
    })
    .join('');
}

export function renderProbeText(r: ProbeReport, options: { transcript: boolean }): string {
  let out = `${r.host}${r.ip && r.ip !== r.host ? ` [${r.ip}]` : ''} port ${r.port}${r.mta ? `  ${r.mta}` : ''}\n`;
  if (r.greeting) out += row('greeting', `${firstLine(r.greeting)}  (after ${r.greetingMs} ms)`);
  if (r.error) out += row('problem', r.error);
  if (r.connected && r.helo) out += row('TLS', describeTls(r.tls));
  const c = r.checks;
  out += row('blocked at connect', c.blocked ? blockedText(r) : 'no');
  out += checkRow('unknown recipient', c.unknownRecipient);
  if (c.secondUnknown) out += checkRow('second unknown', c.secondUnknown);
  if (c.control) out += checkRow('known mailbox', c.control);
  out += checkRow('open relay', c.openRelay);
  if (c.vrfy.reply) out += row('VRFY', `${exposure(c.vrfy.enabled)}  ${firstLine(c.vrfy.reply)}`);
  if (c.expn.reply) out += row('EXPN', `${exposure(c.expn.enabled)}  ${firstLine(c.expn.reply)}`);
  out += explanations(r);
  if (options.transcript) out += `  transcript:\n${renderTranscript(r.transcript)}`;
  return `${out}\n`;
}

function exposure(enabled: boolean | null): string {
  return enabled === true
    ? 'ENABLED (discloses mailboxes)'
    : enabled === false
      ? 'not disclosing'
      : 'unknown';
}

function blockedText(r: ProbeReport): string {
  const b = r.checks.blocked!;
  const list = b.list ? `by ${b.list}${b.zone && b.zone !== b.list ? ` (${b.zone})` : ''}` : 'no list named';
  const ip = b.ip ? `, IP ${b.ip}` : '';
  const delist = b.delist ? `; delisting: ${b.delist}` : '';
  const lines = b.reply.split('\n').slice(0, MAX_SHOWN_REFUSAL_LINES);
  return `YES at ${b.stage}, ${list}${ip}${delist}\n${lines
    .map((l) => row('', l))
    .join('')
    .trimEnd()}`;
}

function explanations(r: ProbeReport): string {
  let out = '';
  const { unknownRecipient, openRelay } = r.checks;
  if (unknownRecipient.verdict !== 'rejects') out += `  - ${unknownRecipient.detail}\n`;
  if (openRelay.verdict === 'open' || openRelay.verdict === 'tempfail') out += `  - ${openRelay.detail}\n`;
  if (r.checks.secondUnknown?.verdict === 'accepts')
    out +=
      '  - A second random address was accepted too: the server accepts every address (catch-all or no recipient list).\n';
  if (r.remedy) {
    out += `  Fix (${r.remedy.mta}): ${r.remedy.text}\n`;
    for (const step of r.remedy.steps) out += `    * ${step}\n`;
  }
  return out;
}
