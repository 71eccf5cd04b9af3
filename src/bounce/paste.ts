/**
 * Pasted text (no mail headers): whatever an admin copies from a bounce, a log or a web console.
 * The text is cut into rejection records, one per log line, Diagnostic-Code field or paragraph,
 * and each record that carries a reply code, an RFC 3463 status or refusal wording is one result.
 * Shapes read (each with a test in test/integration/bounce-paste.test.ts): a bare SMTP reply,
 * multi-line "550-" replies, Diagnostic-Code lines, Postfix `status=bounced (host ... said: ...)`
 * and `NOQUEUE: reject:` lines, Exim `SMTP error from remote mail server after ...` blocks, qmail
 * `Remote host said:`, firewall `msg="..."` lines, Exchange NDR paragraphs, SMTP transcripts.
 */
import { reasonFromText } from './classify.js';
import { findEnhancedStatus, findReplyCode } from './codes.js';
import { DEFAULTS } from './defaults.js';
import { splitTranscript } from './transcript.js';

/** Records read from one paste: a log of thousands of lines is cut here (bounded output and work). */
export const MAX_PASTE_RECORDS = DEFAULTS.maxPasteRecords;

export interface PastedRejection {
  /** The recipient the record names (Postfix `to=<...>`, a quoted address), or null. */
  address: string | null;
  /** The record's text with multi-line reply prefixes joined (the server's words). */
  text: string;
  /** The Diagnostic-Code type ("smtp", "x-unix", "x-postfix") when the record is that field. */
  diagnosticType: string | null;
  /** The whole record, joined: where the SMTP command is named ("after RCPT TO", "in reply to"). */
  context: string;
}

/** A log record starts with a timestamp: syslog "Jan  2 07:31:13", ISO "2025-09-01T11:58:45", "2016/04/15 12:50:57". */
const LOG_START =
  /^(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\d{4}\/\d\d\/\d\d \d\d:\d\d)/;
/** Refusal words that make a record without codes still a rejection ("Client host [...] blocked using ..."). */
const REFUSAL_WORDS =
  /\b(?:blocked|blacklisted|black list|blocklist|block list|listed|rejected|refused|denied|not accepted|not allowed|unknown user|user unknown|no such user|greylisted|deferred|banned)\b/i;

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
/** ANSI colour and cursor sequences (CSI) and terminal titles (OSC): a reply copied from a coloured terminal. */
const ANSI = new RegExp(
  `${ESC}\\[[0-?]*[ -/]*[@-~]|${ESC}\\][^${BEL}${ESC}]{0,256}(?:${BEL}|${ESC}\\\\)`,
  'g',
);

export function stripAnsi(text: string): string {
  return text.includes(ESC) ? text.replace(ANSI, '') : text;
}

function isIndented(line: string): boolean {
  return /^(?:\t| {2,})\S/.test(line);
}

/** Cuts the paste into records: timestamped log lines, Diagnostic-Code fields, paragraphs. */
function records(text: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let blank = false;
  const flush = () => {
    if (current.length > 0) out.push(current.join('\n'));
    current = [];
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      blank = true;
      continue;
    }
    const startsRecord =
      LOG_START.test(line) ||
      /^diagnostic-code\s*:/i.test(line) ||
      (blank && !isIndented(line) && current.length > 0);
    if (startsRecord) flush();
    if (out.length >= MAX_PASTE_RECORDS) return out;
    current.push(line);
    blank = false;
  }
  flush();
  return out;
}

/**
 * Joins a multi-line reply: "550-5.7.26 words\n550-5.7.26 more\n550 5.7.26 end" reads "550 5.7.26
 * words more end". Continuation prefixes are dropped wherever a rewrapping MTA left them (Postfix
 * puts them mid-line); a URL cut at a line end after "=", "/", "?", "&" or "#" is rejoined whole.
 */
export function joinReply(text: string): string {
  let out = stripLinePrefix(text).replace(/([=/?&#])\r?\n[ \t]*(?=[\w%=/?&#.-])/g, '$1');
  // Found after the rejoin: a line ending in "=" or "/" before the reply (a log's "=== reading
  // banner ===", a URL) shortens the text, and an offset taken before it cut the code in two.
  const first = /(?:^|[\s:;'"(>=-])([245]\d\d)([ -])(?:([245]\.\d{1,3}\.\d{1,3})\s)?/.exec(out);
  if (first) {
    const code = first[1]!;
    const status = first[3] ? `(?:${first[3]!.replace(/\./g, '\\.')}\\s+)?` : '';
    const prefix = new RegExp(`(?<=[\\s>])${code}[- ]${status}`, 'g');
    const at = first.index + first[0].indexOf(code);
    const end = first.index + first[0].length;
    // The reply's own first code reads "550 5.7.1", its continuations are dropped.
    const head = `${out.slice(0, at)}${code} ${out.slice(at + 4, end)}`;
    out = head + out.slice(end).replace(prefix, ' ');
  }
  // Lines joined by splitting, not by a pattern with blanks on both sides of the line end: that
  // one was retried from every blank of a long run without a line end (20,000 took 0.8 s).
  return out
    .split('\n')
    .map((line) => line.trim())
    .join(' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** A prefix repeated on every line before the reply ("recv gmail.com>", a client's log tag) is dropped. */
function stripLinePrefix(text: string): string {
  const lines = text.split('\n');
  if (lines.length < 2) return text;
  const m = /^(.{1,40}?)[245]\d\d[ -]/.exec(lines[0]!);
  const prefix = m?.[1];
  if (!prefix || /^\s*$/.test(prefix) || !lines.every((l) => l.startsWith(prefix))) return text;
  return lines.map((l) => l.slice(prefix.length)).join('\n');
}

const LOCAL_CHAR = /[A-Za-z0-9._%+=!#$&'*/?^`{|}~-]/;
const DOMAIN = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/;
/** Addresses looked at per record: a line of thousands of "@" costs no more than this. */
const MAX_AT_SIGNS = 50;

/**
 * The recipient a record names: Postfix `to=<a@b>`, else the first address not marked as the
 * sender. Addresses are found from each "@" outwards (linear; a regex tried at every position of a
 * long run of letters is not).
 */
function recipientOf(record: string): string | null {
  const to = /\bto=<([^<>\s@]{1,64}@[^<>\s]{1,255})>/i.exec(record);
  if (to) return to[1]!;
  let seen = 0;
  for (let at = record.indexOf('@'); at > 0 && seen < MAX_AT_SIGNS; at = record.indexOf('@', at + 1)) {
    seen++;
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(record[start - 1]!)) start--;
    const domain = DOMAIN.exec(record.slice(at + 1, at + 256));
    if (start === at || !domain) continue;
    const address = `${record.slice(start, at)}@${domain[0]}`;
    const before = record.slice(Math.max(0, start - 14), start).toLowerCase();
    if (/(?:from=|mail from:|sender|envelope-from=|contact|write to)\s*<?$/.test(before)) continue;
    if (/^(?:mailer-daemon|postmaster|abuse|noreply|no-reply)@/i.test(address)) continue;
    return address.replace(/\.$/, '');
  }
  return null;
}

/** A log line's reply: its first code after the logger's own words ("Sender/default", "Closed prematurely"). */
const LOGGED_REPLY = /(?:^|[\s:;'"(=>[])([245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3}[\s'"])?)/;

/**
 * Postfix ends each reject and milter-reject log line with the envelope it refused ("; from=<a@b>
 * to=<c@d> proto=ESMTP helo=<host>", smtpd_check.c/cleanup_milter.c): log fields, not the server's
 * words ("helo" there names no HELO refusal).
 */
const POSTFIX_ENVELOPE = /;\s*from=<[^<>]*>(?:\s+to=<[^<>]*>)?(?:\s+proto=\S+)?(?:\s+helo=<[^<>]*>)?/g;

/** The server's words in a timestamped log record: from its reply on; other records whole. */
function serverWords(record: string, joined: string): string {
  if (!LOG_START.test(record)) return joined;
  const m = LOGGED_REPLY.exec(joined);
  const words = m ? joined.slice(m.index + m[0].length - m[1]!.length) : joined;
  return words.replace(POSTFIX_ENVELOPE, ' ');
}

const SENDMAIL_REASON = /^[ \t]*\(reason: ([245]\d\d[^\n]{1,2000})\)[ \t]*$/m;

function hasCode(record: string): boolean {
  return findReplyCode(record) !== null || findEnhancedStatus(record) !== null;
}

/**
 * A log record of a delivery, not a refusal: Postfix "status=sent (250 ...)", Exim's "=>" line
 * with C="250 ...": a success reply and no failure code or status.
 */
function isDelivery(record: string): boolean {
  if (/\bstatus=sent\b/.test(record)) return true;
  const status = findEnhancedStatus(record);
  return findReplyCode(record)?.startsWith('2') === true && (status === null || status.startsWith('2.'));
}

/**
 * The rejections in a paste, in order; empty when it holds none (the caller says so in words). A
 * log that mixes deliveries and refusals gives the refusals only; deliveries alone are reported.
 */
export function findRejections(text: string): PastedRejection[] {
  // A transcript that holds accepted and refused exchanges gives one record per refusal.
  const all = records(text).flatMap((record) => splitTranscript(record) ?? [{ record, recipient: null }]);
  const withCode = all.filter((r) => hasCode(r.record));
  const failures = withCode.filter((r) => !isDelivery(r.record));
  const coded = failures.length > 0 ? failures : withCode;
  const chosen =
    coded.length > 0
      ? coded
      : oneReport(
          all,
          all.filter((r) => isWorded(r.record)),
        );
  const seen = new Set<string>();
  const out: PastedRejection[] = [];
  for (const { record, recipient } of chosen) {
    const field = /^diagnostic-code\s*:\s*(?:([\w-]{1,20})\s*;\s*)?/i.exec(record);
    // Sendmail quotes the remote server's reply as "(reason: 550 ...)" and then prints its own
    // summary ("550 5.1.1 <a@b>... User unknown", whatever the cause): the quote is the cause.
    const quoted = SENDMAIL_REASON.exec(record);
    const joined = joinReply(quoted ? quoted[1]! : field ? record.slice(field[0].length) : record);
    const address = recipient ?? recipientOf(record);
    const key = `${address}\n${joined}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnosticType = field?.[1]?.toLowerCase() ?? null;
    out.push({
      address,
      text: serverWords(record, joined),
      diagnosticType,
      context: joined,
    });
  }
  return dropBareCodes(out);
}

function isWorded(record: string): boolean {
  return REFUSAL_WORDS.test(record) || reasonFromText(record) !== null;
}

/** A report in prose this short is one message, not a log (bounded work for the merge). */
const MAX_PROSE_REPORT_CHARS = 4000;

/**
 * Uncoded paragraphs of one short report ("This Message was undeliverable due to the following
 * reason:" / "The user(s) account does not exist." / "Please verify the recipient(s) address:
 * <a@b>") are one rejection: its words in one paragraph, its address in another. Log lines, and
 * paragraphs naming different addresses, stay apart.
 */
function oneReport<T extends { record: string; recipient: string | null }>(all: T[], worded: T[]) {
  if (worded.length === 0 || all.length < 2 || all.some((r) => LOG_START.test(r.record))) return worded;
  const record = all.map((r) => r.record).join('\n\n');
  if (record.length > MAX_PROSE_REPORT_CHARS) return worded;
  const named = new Set(all.map((r) => recipientOf(r.record)?.toLowerCase()).filter((a) => a));
  return named.size > 1 ? worded : [{ record, recipient: null }];
}

/** The reply code and status a record carries: "550|5.4.1". */
function codeKey(text: string): string {
  return `${findReplyCode(text) ?? ''}|${findEnhancedStatus(text) ?? ''}`;
}

/**
 * A record that is a code and a label only ("Status code: 550 5.4.1", Office 365's summary line)
 * when another record of the paste carries the same code with the server's words ("Error: 550
 * 5.4.1 Recipient address rejected: Access denied"): one rejection, read from its words.
 */
function dropBareCodes(found: PastedRejection[]): PastedRejection[] {
  if (found.length < 2) return found;
  const worded = new Set(found.filter((r) => reasonFromText(r.text) !== null).map((r) => codeKey(r.text)));
  const kept = found.filter((r) => reasonFromText(r.text) !== null || !worded.has(codeKey(r.text)));
  return kept.length > 0 ? kept : found;
}
