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
  /^[ \t]*(?:[-=*_]{2,}[ \t]*)?(?:this is a copy of|below this line is a copy|original message|returned message|the original message|unsent message|undelivered message|message headers follow|headers of the original|original message headers|a copy of the original|included is a copy|the header of the original|here is a copy|copy of the first|------ the message)/im;
/** A returned header block: a Received/Return-Path line after the report text. */
const HEADER_START = /^(?:Return-Path|Received|Message-I[dD]|DKIM-Signature|X-Original-To):[ \t]/m;

const EMAIL = /<?([A-Za-z0-9._%+=!#$&'*/?^`{|}~-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)>?/g;

export interface TextFinding {
  address: string;
  diagnostic: string;
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
  const out = text.replace(/\s+/g, ' ').trim();
  return out.length > MAX_DIAGNOSTIC_CHARS ? out.slice(0, MAX_DIAGNOSTIC_CHARS) : out;
}

/**
 * Finds failed addresses in the report text, each with the words that follow it up to the next
 * address. `exclude` holds addresses that are not recipients (the bounce's own From/To, the sender).
 */
export function scanRecipients(report: string, exclude: ReadonlySet<string>): TextFinding[] {
  const hits: { address: string; index: number; end: number }[] = [];
  const seen = new Set<string>();
  for (const m of report.matchAll(EMAIL)) {
    const address = m[1]!.replace(/\.$/, '');
    const lower = address.toLowerCase();
    if (exclude.has(lower) || /^(?:mailer-daemon|postmaster|double-bounce|mail-daemon|noreply|no-reply)@/i.test(lower)) continue;
    if (seen.has(lower)) continue;
    seen.add(lower);
    hits.push({ address, index: m.index, end: m.index + m[0].length });
    if (hits.length >= MAX_TEXT_RECIPIENTS) break;
  }
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
