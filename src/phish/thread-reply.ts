/**
 * A reply inside a running thread: the message names the mail it answers (In-Reply-To or
 * References, RFC 5322 §3.6.4) and quotes it ("> " lines, RFC 3676 §4.5). Advance-fee scams are
 * first contacts; a developer's reply quoting a patch that "transfers" a buffer and "claims" a
 * lock is not one, while a scam's fake "Re:" rarely carries both marks.
 */
import { headerValue, type ParsedMail } from '../mail/parse.js';

/** Quoted lines looked for in this much text: a reply quotes near its top or interleaves early. */
export const MAX_QUOTE_SCAN_CHARS = 64 * 1024;
/** Quoted lines that make a reply quote earlier mail (one '>' can be an arrow or a prompt). */
const MIN_QUOTED_LINES = 2;

export function quotesEarlierMail(mail: ParsedMail): boolean {
  if (headerValue(mail, 'in-reply-to') === null && headerValue(mail, 'references') === null) return false;
  const text = (mail.text ?? '').slice(0, MAX_QUOTE_SCAN_CHARS);
  let quoted = text.startsWith('>') ? 1 : 0;
  for (let i = text.indexOf('\n>'); i >= 0 && quoted < MIN_QUOTED_LINES; i = text.indexOf('\n>', i + 2))
    quoted++;
  return quoted >= MIN_QUOTED_LINES;
}
