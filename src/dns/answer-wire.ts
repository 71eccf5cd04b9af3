import { HEADER_BYTES, OPT_BYTES } from './query-wire.js';
import { failureFromRcode } from './records.js';
import type { DnsOutcome, RecordType } from './types.js';

/**
 * Reads a UDP answer to one of our queries straight from the bytes, for the bulk case: an A
 * query answered NXDOMAIN or with A records. dns-packet's general decoder built every name of
 * the message as a string (its name.decode was 9 % of a 100,000-query check's CPU profile, more
 * than the rest of the check pipeline together); here the question is compared byte for byte with
 * the one we sent, and only A rdata becomes strings. Anything else (another type, a CNAME in the
 * answer) is left to the general decoder, which gives the same outcome (answer-wire.test.ts
 * checks both agree on random answers).
 *
 * What it refuses, like the general path, so a stray or forged datagram never settles a query
 * (RFC 5452 §9.1): not a response (QR clear), not exactly our question (name compared without
 * regard to ASCII case, type and class exact), or a message whose sections run past its end.
 * Unlike dns-packet it does not look inside records it does not read (a TXT in the authority
 * section whose lengths overrun its rdata): they change nothing it reports.
 */
export type WireAnswer =
  | { kind: 'outcome'; outcome: DnsOutcome<string> }
  /** Not an answer to this query, or malformed: ignore it and keep waiting. */
  | { kind: 'ignore' }
  /** TC set: ask again over TCP (RFC 7766 §5). */
  | { kind: 'truncated' }
  /** Well-formed and ours, but it needs the general decoder (a type other than A, a CNAME). */
  | { kind: 'general' };

const TYPE_A = 1;
const TYPE_CNAME = 5;
const FLAG_QR = 0x8000;
const FLAG_TC = 0x0200;
/** RFC 1035 §4.1.1 and RFC 2136 §2.2 names, as dns-packet reports them. */
const RCODE_NAMES = [
  'NOERROR',
  'FORMERR',
  'SERVFAIL',
  'NXDOMAIN',
  'NOTIMP',
  'REFUSED',
  'YXDOMAIN',
  'YXRRSET',
  'NXRRSET',
  'NOTAUTH',
  'NOTZONE',
];

const IGNORE: WireAnswer = { kind: 'ignore' };
const TRUNCATED: WireAnswer = { kind: 'truncated' };
const GENERAL: WireAnswer = { kind: 'general' };

/**
 * `message` is a datagram whose id matched `query` (a packet from encodeQuery); `type` is the
 * type asked; `ms` goes into the outcome.
 */
export function readAnswer(message: Buffer, query: Buffer, type: RecordType, ms: number): WireAnswer {
  if (message.length < HEADER_BYTES) return IGNORE;
  const flags = message.readUInt16BE(2);
  if ((flags & FLAG_QR) === 0 || message.readUInt16BE(4) !== 1) return IGNORE;
  const questionEnd = query.length - OPT_BYTES;
  if (!sameQuestion(message, query, questionEnd)) return IGNORE;
  const counts = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
  const answers = message.readUInt16BE(6);
  // The whole message must hold together, as the general decoder demands.
  let offset = questionEnd;
  const records: string[] = [];
  let ttl: number | undefined;
  let general = false;
  for (let i = 0; i < counts; i++) {
    offset = skipName(message, offset);
    if (offset < 0 || offset + 10 > message.length) return IGNORE;
    const rtype = message.readUInt16BE(offset);
    const rdlength = message.readUInt16BE(offset + 8);
    const rdata = offset + 10;
    if (rdata + rdlength > message.length) return IGNORE;
    if (i < answers) {
      if (rtype === TYPE_CNAME) general = true;
      else if (rtype === TYPE_A && type === 'A' && rdlength === 4) {
        records.push(`${message[rdata]}.${message[rdata + 1]}.${message[rdata + 2]}.${message[rdata + 3]}`);
        const recordTtl = message.readUInt32BE(offset + 4);
        ttl = ttl === undefined ? recordTtl : Math.min(ttl, recordTtl);
      }
    }
    offset = rdata + rdlength;
  }
  if (flags & FLAG_TC) return TRUNCATED;
  const rcode = RCODE_NAMES[flags & 0x0f] ?? `RCODE_${flags & 0x0f}`;
  if (rcode !== 'NOERROR') return outcome({ status: failureFromRcode(rcode), message: rcode, ms });
  if (type !== 'A' || general) return GENERAL;
  if (records.length === 0) return outcome({ status: 'nodata', ms });
  const answer: DnsOutcome<string> = { status: 'answer', records, ms };
  if (ttl !== undefined) answer.ttl = ttl;
  return outcome(answer);
}

function outcome(value: DnsOutcome<string>): WireAnswer {
  return { kind: 'outcome', outcome: value };
}

/** The question section equals ours: name bytes without regard to ASCII case, type and class exact. */
function sameQuestion(message: Buffer, query: Buffer, questionEnd: number): boolean {
  if (message.length < questionEnd) return false;
  const nameEnd = questionEnd - 4;
  for (let i = HEADER_BYTES; i < nameEnd; i++) {
    const a = message[i]!;
    // Label length bytes are <= 63, below 'A': folding 0x41-0x5a only touches letters.
    if (a !== query[i] && (a < 0x41 || a > 0x5a || (a | 0x20) !== query[i])) return false;
  }
  for (let i = nameEnd; i < questionEnd; i++) if (message[i] !== query[i]) return false;
  return true;
}

/** The offset after the name at `offset` (labels, ending in a zero or a compression pointer); -1 if malformed. */
function skipName(message: Buffer, offset: number): number {
  for (let at = offset; at < message.length; ) {
    const length = message[at]!;
    if (length === 0) return at + 1;
    if ((length & 0xc0) === 0xc0) return at + 2 <= message.length ? at + 2 : -1;
    if (length & 0xc0) return -1;
    at += 1 + length;
  }
  return -1;
}
