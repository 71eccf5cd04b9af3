/**
 * Non-standard bounce formats (qmail, Exim, Sendmail text, Gmail, Yahoo, Exchange, Domino, mail.ru,
 * DragonFly, ...): they share one shape, "a failed address, then the remote server's words", and
 * are read here by that shape rather than by one decoder per vendor. Returns the error region (the
 * text before the returned original) and per-address diagnostics.
 */

/** Addresses taken from free text: a report listing thousands is cut here. */
export const MAX_TEXT_RECIPIENTS = 100;
/** Characters kept per recipient diagnostic. */
export const MAX_DIAGNOSTIC_CHARS = 2000;

/** Lines that introduce the returned original message (its headers or body follow). */
const ORIGINAL_MARKER =
  /^[ \t]*(?:[-=*_]{2,}[ \t]*(?:[a-z ]{0,30}(?:copy|original|returned|undelivered|unsent|headers|rfc822))|(?:this is a copy of|below this line is a copy|a copy of the original|included is a copy|here is a copy|copy of the first)|(?:the )?(?:original|returned|undelivered|unsent) message(?: headers)? (?:follows|below)|message headers follow|original message headers:|headers of the original)/im;
/** A returned header block: a Received/Return-Path line after the report text. */
const HEADER_START = /^(?:Return-Path|Received|Message-Id|DKIM-Signature|X-Original-To):[ \t]?\S/im;

const LOCAL_CHAR = /[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]/;
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;

/** Addresses in free text, found from each "@" outwards (a regex scanning every position is 3x slower). */
function* findEmails(text: string): Generator<{ address: string; index: number; end: number }> {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text[start - 1]!)) start--;
    if (start === at) continue;
    const domain = DOMAIN.exec(text.slice(at + 1, at + 256));
    if (!domain) continue;
    const end = at + 1 + domain[0].length;
    yield {
      address: text.slice(start, end),
      index: start > 0 && text[start - 1] === '<' ? start - 1 : start,
      end,
    };
  }
}

export interface TextFinding {
  address: string;
  diagnostic: string;
}

/** Message-IDs, URL paths and "please contact <postmaster>" addresses are not failed recipients. */
function notARecipient(report: string, index: number): boolean {
  const before = report.slice(Math.max(0, index - 40), index).toLowerCase();
  if (/(?:message-id|references|in-reply-to|content-id)\s*:\s*<?$/.test(before)) return true;
  if (/[/=]$/.test(before)) return true;
  return /(?:contact|send mail to|write to|e-?mail to)\s*:?\s*<?$/.test(before);
}

/** True when the address sits on a quoted header line of the original ("To: a@b", "From: ..."). */
function inHeaderLine(report: string, index: number): boolean {
  const lineStart = report.lastIndexOf('\n', index) + 1;
  return /^\s*(?:to|from|cc|bcc|sender|reply-to|return-path|delivered-to|x-original-to)\s*:/i.test(
    report.slice(lineStart, index),
  );
}

/** Splits the bounce text into the report and the returned original (empty when not found). */
export function splitAtOriginal(text: string): { report: string; original: string } {
  const marker = ORIGINAL_MARKER.exec(text);
  let cut = marker ? marker.index : -1;
  const header = HEADER_START.exec(text);
  if (header && header.index > 0 && (cut < 0 || header.index < cut)) cut = header.index;
  if (cut < 0) return { report: text, original: '' };
  const lineEnd = text.indexOf('\n', cut);
  const afterMarker = marker && marker.index === cut ? (lineEnd < 0 ? text.length : lineEnd + 1) : cut;
  return { report: text.slice(0, cut), original: text.slice(afterMarker) };
}

function collapse(text: string): string {
  // Only the first MAX_DIAGNOSTIC_CHARS survive, so only about that much input needs collapsing.
  const head = text.length > MAX_DIAGNOSTIC_CHARS * 4 ? text.slice(0, MAX_DIAGNOSTIC_CHARS * 4) : text;
  const out = head.replace(/\s+/g, ' ').trim();
  return out.length > MAX_DIAGNOSTIC_CHARS ? out.slice(0, MAX_DIAGNOSTIC_CHARS) : out;
}

/**
 * Finds failed addresses in the report text, each with the words that follow it up to the next
 * address. `exclude` holds addresses that are not recipients (the bounce's own From/To, the sender).
 */
export function scanRecipients(report: string, exclude: ReadonlySet<string>): TextFinding[] {
  const hits: { address: string; index: number; end: number }[] = [];
  const seen = new Set<string>();
  const quoted: typeof hits = [];
  for (const m of findEmails(report)) {
    const address = m.address.replace(/\.$/, '');
    const lower = address.toLowerCase();
    if (exclude.has(lower) || /^(?:mailer-daemon|double-bounce|mail-daemon|noreply|no-reply)@/i.test(lower))
      continue;
    if (seen.has(lower)) continue;
    seen.add(lower);
    if (notARecipient(report, m.index)) continue;
    const hit = { address, index: m.index, end: m.end };
    if (inHeaderLine(report, m.index)) quoted.push(hit);
    else hits.push(hit);
    if (hits.length >= MAX_TEXT_RECIPIENTS) break;
  }
  // Addresses only quoted in header-like lines ("To: ...") count when nothing else names a recipient.
  if (hits.length === 0) hits.push(...quoted.slice(0, MAX_TEXT_RECIPIENTS));
  return hits.map((hit, i) => {
    const next = hits[i + 1];
    const lineStart = report.lastIndexOf('\n', hit.index) + 1;
    const diagnostic = collapse(report.slice(lineStart, next ? next.index : report.length));
    return { address: hit.address, diagnostic };
  });
}

/** The whole report as one diagnostic, boilerplate lines kept: used when no address is found. */
export function reportDiagnostic(report: string): string {
  return collapse(report);
}
