/**
 * SMTP reply codes (RFC 5321 §4.2) and enhanced status codes (RFC 3463 §2) found in free text.
 * The patterns are linear: fixed-width digit groups with look-arounds, no nested quantifiers.
 */

/** Class.subject.detail, not part of an IP address or a version number. */
const ENHANCED = /(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)/;
/** A three-digit reply code at a line start, after "said:"/":" or a bracket, followed by space, dash or end. */
const REPLY = /(?:^|[\s:("[<'=#])([245][0-5]\d)(?=[ \-]|$|\])/m;

export function findEnhancedStatus(text: string): string | null {
  const m = ENHANCED.exec(text);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : null;
}

/** The first reply code in the text; skips numbers that are part of dates, IPs or sizes by context. */
export function findReplyCode(text: string): string | null {
  const re = new RegExp(REPLY.source, 'gm');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const end = m.index + m[0].length;
    const next = text.slice(end, end + 12);
    // "550 5.1.1", "550-", "550 " followed by text: a reply. "200 bytes", "554 kb" are not.
    if (/^ ?(?:bytes|kb|mb|octets|seconds|days|hours)/i.test(next)) continue;
    return m[1]!;
  }
  return null;
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
