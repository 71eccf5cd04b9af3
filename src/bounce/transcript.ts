/**
 * A pasted SMTP session transcript (Sendmail's ">>> RCPT To:<a@b>" / "<<< 550 ...", swaks's
 * " -> " / "<- " / "<** ", RFC 5321's "C:" / "S:", a bare telnet session) read exchange by
 * exchange: a command and the server's reply to it (RFC 5321 §4.2). The session's accepted
 * commands ("250 2.1.5 Ok") are not the refusal; read whole, their success codes hid it.
 */
import { DEFAULTS } from './defaults.js';

/**
 * A client line: a transcript's client marker, or a bare command in its own syntax (RFC 5321 §4.1:
 * "MAIL FROM:<...>", "DATA" alone on its line), so that prose opening with "Data" or "Auth" is none.
 */
const CLIENT =
  /^[ \t]*(?:(?:>>>|C:|->|~>)[ \t]*(\S[^\n]*)?|((?:(?:HELO|EHLO) \S+|MAIL FROM:|RCPT TO:|BDAT \d|AUTH [A-Z]|(?:DATA|RSET|QUIT|STARTTLS|NOOP)[ \t]*$)[^\n]*))$/i;
/** A server line: a transcript's server marker and/or a reply code at the line start. */
// The marker's own blanks sit inside its optional group: two free runs of blanks side by side
// backtracked on a long blank line (30,000 spaces took 1.7 s).
const SERVER = /^[ \t]*(?:(?:<<<|S:|<-|<~\*?|<\*\*)[ \t]*)?([2-5]\d\d)(?:[ -]|$)/;
/** Records a transcript gives at most (as many as a paste's records, paste.ts MAX_PASTE_RECORDS). */
const MAX_TRANSCRIPT_RECORDS = DEFAULTS.maxPasteRecords;
/** Characters of the lines before the session kept in front of each record. */
const MAX_PRELUDE_CHARS = 2_000;
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
  // The lines before the session name the host; only their end is kept in front of each record.
  const prelusion = prelude.join('\n');
  const head = prelusion === '' ? '' : `${prelusion.slice(-MAX_PRELUDE_CHARS)}\n`;
  // How many recipients were accepted before each DATA (a count, not a copy: a session of
  // thousands of RCPTs and DATAs made millions of records, and a 1 MB paste ran out of memory).
  const acceptedBefore: number[] = [];
  const sofar: string[] = [];
  for (const e of exchanges) {
    acceptedBefore.push(e.verb === 'DATA' || e.verb === 'BDAT' ? sofar.length : 0);
    const accepted = e.replied === '2' || e.replied === '3';
    if (e.verb === 'RCPT' && e.rcpt && accepted && sofar.length < MAX_TRANSCRIPT_RECORDS) sofar.push(e.rcpt);
  }
  const out: TranscriptRecord[] = [];
  for (const e of failed) {
    const text = head + e.lines.join('\n');
    // Refused after DATA: every recipient accepted before it is refused (RFC 5321 §4.1.1.4).
    const before = acceptedBefore[e.at]!;
    const recipients = before > 0 ? sofar.slice(0, before) : [e.rcpt];
    for (const recipient of recipients) {
      out.push({ record: text, recipient });
      if (out.length >= MAX_TRANSCRIPT_RECORDS) return out;
    }
  }
  return out;
}
