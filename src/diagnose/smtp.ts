import type { ProbeReport, RcptCheck, RelayVerdict, UnknownRecipientVerdict } from '../probe/types.js';
import { finding } from './fixes.js';
import { item } from './items.js';
import type { DiagnoseItem } from './types.js';

/** Said of an acceptance seen from a source the server may trust (Postfix mynetworks, Exim relay_from_hosts). */
const TRUSTED = 'from this address, which the server may trust: confirm from outside';

/** The host name a 220 greeting announces (RFC 5321 §4.2: "220 <domain> <text>"), if any. */
export function greetingName(greeting: string | null | undefined): string | null {
  if (!greeting) return null;
  const first = greeting.split(/\r?\n/)[0] ?? '';
  const match = /^(?:220[ -])?(\S+)/.exec(first.trim());
  const name = match?.[1]?.toLowerCase().replace(/\.$/, '');
  return name && /[a-z]/.test(name) && name.includes('.') ? name : null;
}

/** Compares the greeting's name with the PTR names of the address (the classic "banner does not match rDNS" finding). */
export function greetingItem(
  ip: string,
  greeting: string | null | undefined,
  ptrNames: readonly string[] | null,
): DiagnoseItem | null {
  if (ptrNames === null || !greeting) return null;
  const name = greetingName(greeting);
  const id = `rdns.greeting:${ip}`;
  const shown = `greeting: ${greeting.split(/\r?\n/)[0]}`;
  if (!name) {
    const title = `the SMTP greeting of ${ip} names no host`;
    const odd = finding(id, 'rdns', 'warning', title, 'rdns.greeting-nameless');
    odd.evidence.push(shown);
    return odd;
  }
  if (ptrNames.includes(name)) {
    const ok = item(id, 'rdns', 'ok', `the SMTP greeting of ${ip} matches its PTR (${name})`, 0);
    ok.evidence.push(shown, `PTR: ${ptrNames.join(', ')}`);
    return ok;
  }
  const example = ptrNames[0] ? ` (e.g. set the MTA's host name to ${ptrNames[0]})` : '';
  const title = `the SMTP greeting of ${ip} (${name}) does not match its PTR`;
  const mismatch = finding(id, 'rdns', 'warning', title, 'rdns.greeting-mismatch', { example });
  mismatch.evidence.push(shown, `PTR: ${ptrNames.length ? ptrNames.join(', ') : '(none)'}`);
  return mismatch;
}

/** Items for one SMTP probe: reachability and greeting, backscatter, open relay, STARTTLS. */
export function probeItems(report: ProbeReport): DiagnoseItem[] {
  const where = `${report.host}${report.ip && report.ip !== report.host ? ` (${report.ip})` : ''}`;
  if (!report.connected || report.greeting === null) {
    const down = item(
      `smtp.connect:${report.ip ?? report.host}`,
      'smtp',
      'unknown',
      `SMTP on ${where}:${report.port} could not be tested`,
      0,
    );
    down.evidence.push(
      report.error ?? 'no greeting',
      'outbound port 25 is often blocked where this runs (home and cloud networks): check from another network before changing the server',
    );
    return [down];
  }
  const greeting = item(
    `smtp.greeting:${report.ip ?? report.host}`,
    'smtp',
    'ok',
    `SMTP on ${where}:${report.port} answers`,
    0,
  );
  greeting.evidence.push(`greeting: ${report.greeting.split(/\r?\n/)[0]}`);
  if (report.mta) greeting.evidence.push(`MTA: ${report.mta}`);
  const items = [
    greeting,
    backscatterItem(report, where),
    relayItem(report, where),
    ...tlsItems(report, where),
  ];
  if (report.checks.blocked) {
    const b = report.checks.blocked;
    const blocked = item(
      `smtp.blocked:${report.ip ?? report.host}`,
      'smtp',
      'unknown',
      `${where} refused the probe itself (${b.stage})`,
      0,
    );
    blocked.evidence.push(
      b.reply,
      'the refusal is about the address this ran from, not about your server: the other checks may be incomplete',
    );
    items.push(blocked);
  }
  return items;
}

function rcptEvidence(check: RcptCheck<string>): string[] {
  return [
    `verdict: ${check.verdict}`,
    ...(check.address ? [`RCPT TO:<${check.address}>`] : []),
    ...(check.reply ? [check.reply] : []),
    check.detail,
  ];
}

function backscatterItem(report: ProbeReport, where: string): DiagnoseItem {
  const check: RcptCheck<UnknownRecipientVerdict> = report.checks.unknownRecipient;
  const id = `smtp.backscatter:${report.ip ?? report.host}`;
  if (check.verdict === 'accepts') {
    // From a source the server may trust (loopback, its own LAN) an acceptance proves nothing
    // about strangers: rank it "confirm from outside", never as a problem (probe's trustedSource).
    const bad = report.trustedSource
      ? finding(
          id,
          'smtp',
          'warning',
          `${where} accepted an unknown recipient ${TRUSTED}`,
          'smtp.backscatter-trusted',
        )
      : finding(
          id,
          'smtp',
          'problem',
          `${where} accepts mail for unknown recipients (backscatter risk)`,
          'smtp.backscatter',
        );
    bad.evidence.push(...rcptEvidence(check));
    // The probe's remedy names the MTA's own setting when it recognised the MTA.
    if (report.remedy?.text)
      bad.fix = report.trustedSource
        ? `${bad.fix} The fix, if so: ${report.remedy.text}`
        : report.remedy.text;
    return bad;
  }
  const status = check.verdict === 'rejects' ? 'ok' : 'unknown';
  const found = item(
    id,
    'smtp',
    status,
    status === 'ok'
      ? `${where} rejects unknown recipients at RCPT`
      : `${where}: unknown recipients could not be tested (${check.verdict})`,
    0,
  );
  found.evidence.push(...rcptEvidence(check));
  return found;
}

function relayItem(report: ProbeReport, where: string): DiagnoseItem {
  const check: RcptCheck<RelayVerdict> = report.checks.openRelay;
  const id = `smtp.relay:${report.ip ?? report.host}`;
  if (check.verdict === 'open') {
    const bad = report.trustedSource
      ? finding(id, 'smtp', 'warning', `${where} relayed ${TRUSTED}`, 'smtp.relay-trusted')
      : finding(id, 'smtp', 'problem', `${where} is an open relay`, 'smtp.relay');
    bad.evidence.push(...rcptEvidence(check));
    return bad;
  }
  const status = check.verdict === 'refused' ? 'ok' : 'unknown';
  const found = item(
    id,
    'smtp',
    status,
    status === 'ok'
      ? `${where} is not an open relay`
      : `${where}: relaying could not be tested (${check.verdict})`,
    0,
  );
  found.evidence.push(...rcptEvidence(check));
  return found;
}

function tlsItems(report: ProbeReport, where: string): DiagnoseItem[] {
  const tls = report.tls;
  const id = `smtp.tls:${report.ip ?? report.host}`;
  if (!tls) return [];
  if (!tls.offered) {
    const none = finding(id, 'smtp', 'warning', `${where} does not offer STARTTLS`, 'smtp.no-starttls');
    none.evidence.push('no STARTTLS in the EHLO reply');
    return [none];
  }
  if (tls.attempted && !tls.ok) {
    const failed = finding(id, 'smtp', 'warning', `STARTTLS on ${where} fails`, 'smtp.starttls-fails');
    failed.evidence.push(tls.error ?? 'handshake failed');
    return [failed];
  }
  const evidence = [
    `${tls.protocol ?? '?'} ${tls.cipher ?? ''}`.trim(),
    ...(tls.subject ? [`certificate: ${tls.subject}`] : []),
    ...(tls.validTo ? [`valid to ${tls.validTo}`] : []),
  ];
  const flaws = [
    tls.expired ? 'expired' : null,
    tls.selfSigned ? 'self-signed' : null,
    tls.nameMatches === false ? 'does not name the host' : null,
    tls.trusted === false && !tls.selfSigned ? `not trusted (${tls.trustError ?? 'unknown issuer'})` : null,
  ].filter((f): f is string => f !== null);
  if (flaws.length > 0) {
    const title = `the TLS certificate of ${where} is ${flaws.join(', ')}`;
    const weak = finding(id, 'smtp', 'warning', title, 'smtp.certificate', { host: report.host });
    weak.evidence.push(...evidence);
    return [weak];
  }
  const ok = item(id, 'smtp', 'ok', `STARTTLS on ${where} works`, 0);
  ok.evidence.push(...evidence);
  return [ok];
}
