/**
 * Fuzz: the SMTP reply parser against arbitrary and SMTP-shaped bytes in arbitrary chunks.
 * Properties: never throws; every reply has a three-digit code and at most MAX_REPLY_LINES
 * lines; an error is sticky; and chunking does not matter (a reply split across packets parses
 * as the same replies as in one packet).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { MAX_LINE_BYTES, MAX_REPLY_LINES, ReplyParser } from './reply-parser.js';
import type { SmtpReply } from './types.js';

/** SMTP-shaped lines: a code, "-" or " " or nothing, text, CRLF or LF; sometimes garbage. */
const replyLine = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 999 }),
      fc.constantFrom('-', ' ', '', '\t'),
      fc.string({ maxLength: 40, unit: 'binary' }),
      fc.constantFrom('\r\n', '\n', '\r', ''),
    )
    .map(([code, sep, text, end]) => `${String(code).padStart(3, '0')}${sep}${text}${end}`),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

const stream = fc.oneof(
  fc.array(replyLine, { maxLength: 30 }).map((lines) => Buffer.from(lines.join(''), 'utf8')),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  // Endless multi-line and over-long lines: the limits must cut them.
  fc.integer({ min: 90, max: 130 }).map((n) => Buffer.from('250-x\r\n'.repeat(n))),
  fc
    .integer({ min: MAX_LINE_BYTES - 5, max: MAX_LINE_BYTES + 5 })
    .map((n) => Buffer.from(`250 ${'a'.repeat(n)}\r\n`)),
);

function parseInChunks(bytes: Buffer, cuts: number[]): { replies: SmtpReply[]; error: string | null } {
  const parser = new ReplyParser();
  const replies: SmtpReply[] = [];
  let error: string | null = null;
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  for (const end of [...points, bytes.length]) {
    const result = parser.push(bytes.subarray(start, end));
    replies.push(...result.replies);
    if (result.error) {
      if (error) assert.equal(result.error, error, 'an error is sticky');
      error = result.error;
    }
    start = end;
  }
  return { replies, error };
}

describe('ReplyParser fuzz', () => {
  it('never throws; replies well formed; chunking does not change the result', fuzzTestOptions(), () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        const whole = parseInChunks(bytes, []);
        const split = parseInChunks(bytes, cuts);
        for (const reply of whole.replies) {
          assert.ok(Number.isInteger(reply.code) && reply.code >= 0 && reply.code <= 999);
          assert.ok(reply.lines.length >= 1 && reply.lines.length <= MAX_REPLY_LINES);
          assert.ok(reply.enhanced === null || /^[245]\.\d{1,3}\.\d{1,3}$/.test(reply.enhanced));
        }
        assert.deepEqual(split.replies, whole.replies);
        assert.equal(split.error === null, whole.error === null);
      }),
      fuzzParams(),
    );
  });
});
