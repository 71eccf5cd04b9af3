/**
 * A pasted SMTP session transcript (Sendmail's ">>> RCPT To:<a@b>" / "<<< 550 ...", swaks's
 * " -> " / "<- " / "<** ", RFC 5321's "C:" / "S:", a bare telnet session) read exchange by
 * exchange: a command and the server's reply to it (RFC 5321 §4.2). The session's accepted
 * commands ("250 2.1.5 Ok") are not the refusal; read whole, their success codes hid it.
 */

/**
 * A client line: a transcript's client marker, or a bare command in its own syntax (RFC 5321 §4.1:
 * "MAIL FROM:<...>", "DATA" alone on its line), so that prose opening with "Data" or "Auth" is none.
 */
const CLIENT =
  /^[ \t]*(?:(?:>>>|C:|->|~>)[ \t]*(\S[^\n]*)?|((?:(?:HELO|EHLO) \S+|MAIL FROM:|RCPT TO:|BDAT \d|AUTH [A-Z]|(?:DATA|RSET|QUIT|STARTTLS|NOOP)[ \t]*$)[^\n]*))$/i;
/** A server line: a transcript's server marker and/or a reply code at the line start. */
const SERVER = /^[ \t]*(?:<<<|S:|<-|<~\*?|<\*\*)?[ \t]*([2-5]\d\d)(?:[ -]|$)/;
const RCPT = /^RCPT TO:?\s*<?([^<>\s@]{1,64}@[^<>\s]{1,255})>?/i;

interface Exchange {
  lines: string[];
  /** The command's first word, upper-cased ("RCPT"); null for the greeting. */
  verb: string | null;
  /** The recipient a RCPT TO command names. */
  rcpt: string | null;
  /** The first digit of the last reply ("2", "5"); null while unanswered. */
  replied: string | null;
  /** The exchange's place in the session. */
  at: number;
}

export interface TranscriptRecord {
  record: string;
  /** The recipient the refused exchange concerns (its RCPT TO, or the recipients accepted before a refused DATA). */
  recipient: string | null;
}

/**
 * The refused exchanges of a transcript that also holds accepted ones, each as its own record with
 * the lines before the session (a "while talking to host:" line) kept in front; null when the
 * record is not such a transcript (it is then read whole, as before).
 */
export function splitTranscript(record: string): TranscriptRecord[] | null {
  if (!record.includes('\n')) return null;
  const prelude: string[] = [];
  const exchanges: Exchange[] = [];
  let current: Exchange | null = null;
  let clients = 0;
  for (const line of record.split('\n')) {
    const client = CLIENT.exec(line);
    const server = client ? null : SERVER.exec(line);
    if (client) {
      clients++;
      const command = (client[1] ?? client[2] ?? '').trim();
      // The end of data (".") and message lines belong to the DATA exchange they end.
      if (current && (command === '.' || (current.verb === 'DATA' && current.replied === '3'))) {
        current.lines.push(line);
        current.replied = null;
        continue;
      }
      current = {
        lines: [line],
        verb: /^[A-Za-z]+/.exec(command)?.[0]?.toUpperCase() ?? null,
        rcpt: RCPT.exec(command)?.[1] ?? null,
        replied: null,
        at: exchanges.length,
      };
      exchanges.push(current);
    } else if (server) {
      if (!current) {
        current = { lines: [], verb: null, rcpt: null, replied: null, at: 0 };
        exchanges.push(current);
      }
      current.lines.push(line);
      current.replied = server[1]!.charAt(0);
    } else if (current) current.lines.push(line);
    else prelude.push(line);
  }
  const failed = exchanges.filter((e) => e.replied === '4' || e.replied === '5');
  const accepted = exchanges.filter((e) => e.replied === '2' || e.replied === '3');
  if (clients === 0 || failed.length === 0 || accepted.length === 0) return null;
  const head = prelude.length > 0 ? `${prelude.join('\n')}\n` : '';
  // Recipients accepted so far, by exchange: linear however long the session.
  const acceptedBefore: string[][] = [];
  const sofar: string[] = [];
  for (const e of exchanges) {
    acceptedBefore.push([...(e.verb === 'DATA' || e.verb === 'BDAT' ? sofar : [])]);
    if (e.verb === 'RCPT' && e.rcpt && (e.replied === '2' || e.replied === '3')) sofar.push(e.rcpt);
  }
  return failed.flatMap((e) => {
    const text = head + e.lines.join('\n');
    // Refused after DATA: every recipient accepted before it is refused (RFC 5321 §4.1.1.4).
    const before = acceptedBefore[e.at]!;
    if (before.length > 0) return before.map((recipient) => ({ record: text, recipient }));
    return [{ record: text, recipient: e.rcpt }];
  });
}
