/**
 * SMTP reply codes (RFC 5321 §4.2) and enhanced status codes (RFC 3463 §2) found in free text.
 * The patterns are linear: fixed-width digit groups with look-arounds, no nested quantifiers.
 */

/** Class.subject.detail, not part of an IP address or a version number. */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/;
/** A three-digit reply code at a line start, after "said:"/":", "smtp;" or a bracket, followed by space, dash or end. */
const REPLY = /(?:^|[\s:;("[<'=#])([245][0-5]\d)(?=[ -]|$|\]|:\s)/m;

/** The first failure code (4.x.x/5.x.x) in the text; a 2.x.x only when no failure code appears (transcripts list both). */
export function findEnhancedStatus(text: string): string | null {
  const re = new RegExp(ENHANCED.source, 'g');
  let success: string | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = `${m[1]}.${m[2]}.${m[3]}`;
    if (m[1] !== '2') return code;
    success ??= code;
  }
  return success;
}

/** The first failure reply code (4xx/5xx) in the text, else the first success one; sizes and dates skipped. */
export function findReplyCode(text: string): string | null {
  const re = new RegExp(REPLY.source, 'gm');
  let success: string | null = null;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    const next = text.slice(end, end + 12);
    // "550 5.1.1", "550-", "550 " followed by text: a reply. "200 bytes", "554 kb" are not.
    if (/^ ?(?:bytes|kb|mb|octets|seconds|days|hours)/i.test(next)) continue;
    if (m[1]!.startsWith('4') || m[1]!.startsWith('5')) return m[1]!;
    success ??= m[1]!;
  }
  return success ?? LABELLED_REPLY.exec(text)?.[1] ?? null;
}

/** Zoho and similar web MTAs write "ERROR_CODE :550"; read as a reply code when nothing else is. */
const LABELLED_REPLY = /(?:error_code|reply code|smtp code)\s*[:=]\s*([245][0-5]\d)\b/i;

/**
 * The remote server's reply quoted inside a relay's own ("554 4.4.7 ...<421 4.4.2 ...>", sendmail
 * "554 <a@b>... 550 Host unknown"): that inner code is the cause. Null when there is none.
 */
export function findInnerReplyCode(text: string): string | null {
  const m = /(?:[<'"]\s?|\.\.\.\s)([245][0-5]\d)(?=[ -])/.exec(text);
  return m && m.index > 0 ? m[1]! : null;
}

/** True for a real RFC 3463 code (not Sisimai-style pseudo codes such as 5.0.9xx). */
export function isRfc3463Status(status: string): boolean {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status);
  if (!m) return false;
  return Number(m[2]) <= 7 && !(m[2] === '0' && Number(m[3]) >= 900);
}

/** "X.Y.Z" -> "x.Y.Z" for table lookup by subject and detail. */
export function statusKey(status: string): string {
  return `x${status.slice(status.indexOf('.'))}`;
}
