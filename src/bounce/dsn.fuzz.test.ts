/**
 * Fuzz: DSN fields (RFC 3464) and ARF reports, alone and inside whole bounce messages through
 * analyzeBounce. Properties: never throws; at most MAX_DSN_RECIPIENTS recipients; every field
 * a string or null; the report's kind and problem from their documented sets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { analyzeBounce } from './analyze.js';
import { MAX_DSN_RECIPIENTS, parseDeliveryStatus, parseFeedbackReport } from './dsn.js';

const FIELD_NAMES = [
  'Reporting-MTA',
  'Arrival-Date',
  'Final-Recipient',
  'Original-Recipient',
  'Action',
  'Status',
  'Diagnostic-Code',
  'Remote-MTA',
  'Last-Attempt-Date',
  'Feedback-Type',
  'X-Junk',
];

const value = fc.oneof(
  fc.string({ maxLength: 60, unit: 'binary' }),
  fc.constantFrom(
    'rfc822; user@example.test',
    'smtp; 550 5.1.1 unknown',
    'dns; mx.example.test',
    '5.1.1',
    'failed',
    ';',
    '',
  ),
);

const fieldLine = fc.oneof(
  fc
    .tuple(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(':', ': ', ' :'), value)
    .map(([n, c, v]) => `${n}${c}${v}`),
  value.map((v) => ` ${v}`), // a folded continuation line
  value,
);

/** Field groups separated by blank lines, with mixed line ends. */
const dsnText = fc
  .array(fc.array(fieldLine, { maxLength: 8 }), { maxLength: 8 })
  .chain((groups) =>
    fc.constantFrom('\n', '\r\n', '\r').map((eol) => groups.map((g) => g.join(eol)).join(`${eol}${eol}`)),
  );

function bounceAround(dsn: string, boundary: string): string {
  return [
    'From: MAILER-DAEMON@example.test',
    'Subject: Undelivered Mail',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain',
    '',
    'could not deliver',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    '',
    dsn,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

const KINDS = new Set(['bounce', 'feedback', 'auto-reply', 'delivered', 'not-bounce']);
const PROBLEMS = new Set([null, 'empty', 'binary', 'no-rejection-found']);

describe('DSN fuzz', () => {
  it(
    'parseDeliveryStatus and parseFeedbackReport: no throw, bounded, strings or null',
    fuzzTestOptions(),
    () => {
      fc.assert(
        fc.property(fc.oneof(dsnText, fc.string({ maxLength: 400, unit: 'binary' })), (text) => {
          const status = parseDeliveryStatus(text);
          assert.ok(status.recipients.length <= MAX_DSN_RECIPIENTS);
          for (const r of status.recipients)
            for (const v of Object.values(r)) assert.ok(v === null || typeof v === 'string');
          const arf = parseFeedbackReport(text);
          assert.equal(typeof arf.feedbackType, 'string');
          assert.ok(arf.recipients.every((r) => typeof r === 'string'));
        }),
        fuzzParams(),
      );
    },
  );

  it(
    'analyzeBounce on whole messages carrying fuzzed DSNs: never throws, shape valid',
    fuzzTestOptions(200),
    () => {
      fc.assert(
        fc.property(dsnText, fc.string({ minLength: 1, maxLength: 20, unit: 'binary' }), (dsn, boundary) => {
          for (const input of [
            bounceAround(dsn, boundary),
            new TextEncoder().encode(bounceAround(dsn, 'b')),
          ]) {
            const report = analyzeBounce(input);
            assert.ok(KINDS.has(report.kind), report.kind);
            assert.ok(PROBLEMS.has(report.problem));
            assert.ok(Array.isArray(report.recipients));
            for (const r of report.recipients) assert.equal(typeof r.hard, 'boolean');
          }
        }),
        fuzzParams(0.5),
      );
    },
  );
});
