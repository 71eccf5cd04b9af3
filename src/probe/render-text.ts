/**
 * The probe report as text for a terminal: findings first, the transcript with -v. Everything
 * the server sent (greeting, replies, certificate names, error texts that quote them) and every
 * name from DNS goes through the one sanitiser: a hostile banner cannot drive the terminal.
 */
import { sanitizeLine as clean } from '../core/sanitize.js';
import { TRUSTED_SOURCE_NOTE } from './source-address.js';
import type { ProbeReport, RcptCheck, TlsReport, TranscriptLine } from './types.js';

const LABEL_WIDTH = 19;
/** Exim puts the list's URL on the third line of its refusal: show a few lines, not one. */
const MAX_SHOWN_REFUSAL_LINES = 5;

function row(label: string, value: string): string {
  return `  ${label.padEnd(LABEL_WIDTH)}${value}\n`;
}

/** The first line of a server text, sanitised. */
function firstLine(text: string | null): string {
  return clean((text ?? '').split('\n')[0] ?? '');
}

function checkRow(label: string, check: RcptCheck<string>, trusted = false): string {
  const reply = check.reply ? `  ${firstLine(check.reply)}` : '';
  const note = trusted ? ` (${TRUSTED_SOURCE_NOTE})` : '';
  return row(label, `${check.verdict.toUpperCase()}${note}${reply}`);
}

export function describeTls(tls: TlsReport | null): string {
  if (!tls) return 'not reached';
  if (!tls.offered) return 'STARTTLS not offered';
  if (!tls.attempted) return 'offered, not tried (--no-tls)';
  if (!tls.ok) return clean(tls.error ?? 'failed');
  const parts = [`${tls.protocol ?? '?'} ${tls.cipher ?? ''}`.trim()];
  if (tls.subject) parts.push(`subject ${tls.subject}`);
  if (tls.subjectAltNames.length) parts.push(`SAN ${tls.subjectAltNames.join(' ')}`);
  if (tls.issuer && !tls.selfSigned) parts.push(`issuer ${tls.issuer}`);
  if (tls.selfSigned) parts.push('self-signed');
  else if (tls.trusted === false) parts.push(`untrusted (${tls.trustError ?? 'chain'})`);
  if (tls.validTo) parts.push(`${tls.expired ? 'EXPIRED' : 'expires'} ${tls.validTo.slice(0, 10)}`);
  // Certificate names are the server's words: sanitised like its replies.
  for (const [i, part] of parts.entries()) parts[i] = clean(part);
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
      const line = clean(l.line);
      if (l.from === 'client') return `${ms}> ${line}\n`;
      if (l.from === 'note') return `${ms}# ${line}\n`;
      return `${ms}  ${line}\n`;
    })
    .join('');
}

export function renderProbeText(r: ProbeReport, options: { transcript: boolean }): string {
  const head = `${r.host}${r.ip && r.ip !== r.host ? ` [${r.ip}]` : ''} port ${r.port}${r.mta ? `  ${r.mta}` : ''}`;
  let out = `${clean(head)}\n`;
  if (r.greeting) out += row('greeting', `${firstLine(r.greeting)}  (after ${r.greetingMs} ms)`);
  if (r.error) out += row('problem', clean(r.error));
  if (r.connected && r.helo) out += row('TLS', describeTls(r.tls));
  const c = r.checks;
  // No greeting, no knowledge: a refused or dropped connection is not "not blocked".
  out += row('blocked at connect', c.blocked ? blockedText(r) : r.greeting ? 'no' : 'unknown');
  const trusted = r.trustedSource;
  out += checkRow(
    'unknown recipient',
    c.unknownRecipient,
    trusted && c.unknownRecipient.verdict === 'accepts',
  );
  if (c.secondUnknown) out += checkRow('second unknown', c.secondUnknown);
  if (c.control) out += checkRow('known mailbox', c.control);
  out += checkRow('open relay', c.openRelay, trusted && c.openRelay.verdict === 'open');
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
  const lines = b.reply.split('\n').slice(0, MAX_SHOWN_REFUSAL_LINES).map(clean);
  return `YES at ${b.stage}, ${clean(`${list}${ip}${delist}`)}\n${lines
    .map((l) => row('', l))
    .join('')
    .trimEnd()}`;
}

function explanations(r: ProbeReport): string {
  let out = '';
  const { unknownRecipient, openRelay } = r.checks;
  // The reason a check did not run is the problem row already: said once, not twice.
  const repeatsError = r.error !== null && unknownRecipient.detail.endsWith(r.error);
  if (unknownRecipient.verdict !== 'rejects' && !repeatsError)
    out += `  - ${clean(unknownRecipient.detail)}\n`;
  if (openRelay.verdict === 'open' || openRelay.verdict === 'tempfail')
    out += `  - ${clean(openRelay.detail)}\n`;
  if (r.checks.secondUnknown?.verdict === 'accepts')
    out +=
      '  - A second random address was accepted too: the server accepts every address (catch-all or no recipient list).\n';
  if (r.remedy) {
    out += `  Fix (${r.remedy.mta}): ${r.remedy.text}\n`;
    for (const step of r.remedy.steps) out += `    * ${step}\n`;
  }
  return out;
}
