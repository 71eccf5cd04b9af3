/**
 * Incremental SMTP reply parser (RFC 5321 §4.2): "NNN-text" continues a reply, "NNN text" or a
 * bare "NNN" ends it. Bytes in, replies out, no I/O; LF-only line ends are tolerated. Every limit
 * below stops a hostile or broken server from exhausting memory; exceeding one is a protocol
 * error the session reports, never a crash.
 */
import type { SmtpReply } from './types.js';

/**
 * RFC 5321 §4.5.3.1.5 allows 512 octets per reply line; real servers exceed it (long URLs in
 * refusals), so the cap is 4 KiB. Stops: a 1 MB line held in memory while waiting for its LF.
 */
export const MAX_LINE_BYTES = 4096;
/** Stops: an endless multi-line reply (`250-` forever). EHLO replies have ~20 lines. */
export const MAX_REPLY_LINES = 100;
/** Stops: a reply of many maximal lines. */
export const MAX_REPLY_BYTES = 64 * 1024;

const LINE = /^(\d{3})(?:([ -])(.*))?$/s;
const ENHANCED = /^([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/;

export type ParseResult = { replies: SmtpReply[]; error: string | null };

export class ReplyParser {
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #code = 0;
  #lines: string[] = [];
  #replyBytes = 0;
  #failed: string | null = null;

  /** Feeds bytes; returns the replies completed by them, or the first protocol error (sticky). */
  push(chunk: Buffer): ParseResult {
    const replies: SmtpReply[] = [];
    if (this.#failed) return { replies, error: this.#failed };
    let start = 0;
    for (;;) {
      const lf = chunk.indexOf(0x0a, start);
      if (lf < 0) break;
      const part = chunk.subarray(start, lf);
      start = lf + 1;
      if (this.#pendingBytes + part.length > MAX_LINE_BYTES) return this.#fail(replies, lineTooLong());
      const bytes = this.#pending.length ? Buffer.concat([...this.#pending, part]) : part;
      this.#pending = [];
      this.#pendingBytes = 0;
      const error = this.#line(bytes, replies);
      if (error) return this.#fail(replies, error);
    }
    const rest = chunk.subarray(start);
    if (rest.length) {
      if (this.#pendingBytes + rest.length > MAX_LINE_BYTES) return this.#fail(replies, lineTooLong());
      this.#pending.push(Buffer.from(rest));
      this.#pendingBytes += rest.length;
    }
    return { replies, error: null };
  }

  /** True while a multi-line reply or a partial line is buffered. */
  get midReply(): boolean {
    return this.#lines.length > 0 || this.#pendingBytes > 0;
  }

  #fail(replies: SmtpReply[], error: string): ParseResult {
    this.#failed = error;
    this.#pending = [];
    this.#lines = [];
    return { replies, error };
  }

  #line(bytes: Buffer, replies: SmtpReply[]): string | null {
    let text = bytes.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    const m = LINE.exec(text);
    if (!m) return `malformed reply line: ${JSON.stringify(text.slice(0, 80))}`;
    const code = Number(m[1]);
    if (this.#lines.length === 0) this.#code = code;
    this.#lines.push(m[3] ?? '');
    this.#replyBytes += bytes.length;
    if (this.#lines.length > MAX_REPLY_LINES)
      return `reply longer than ${MAX_REPLY_LINES} lines (endless multi-line reply?)`;
    if (this.#replyBytes > MAX_REPLY_BYTES) return `reply larger than ${MAX_REPLY_BYTES} bytes`;
    if (m[2] === '-') return null;
    const lines = this.#lines;
    this.#lines = [];
    this.#replyBytes = 0;
    replies.push({ code: this.#code, enhanced: ENHANCED.exec(lines[0] ?? '')?.[1] ?? null, lines });
    return null;
  }
}

function lineTooLong(): string {
  return `reply line longer than ${MAX_LINE_BYTES} bytes`;
}

/** The reply as the server sent it: code on every line, "-" on all but the last. */
export function formatReply(reply: SmtpReply): string {
  const last = reply.lines.length - 1;
  return reply.lines.map((line, i) => `${reply.code}${i < last ? '-' : ' '}${line}`.trimEnd()).join('\n');
}

/** The reply's text without codes, lines joined by a space: what pattern matching reads. */
export function replyText(reply: SmtpReply): string {
  return reply.lines.join(' ').trim();
}
