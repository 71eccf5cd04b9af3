/**
 * Fuzz: pasted text (paste.ts, analyze-paste.ts) and attribution. Properties: never throws; at most
 * MAX_PASTE_RECORDS results; a joined reply holds no line break; an attribution's IP is an address
 * the text contains; webhook-looking JSON and ANSI codes are read without a crash.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { analyzeBounce } from './analyze.js';
import { attributeBlocklist } from './attribution.js';
import { findRejections, joinReply, MAX_PASTE_RECORDS } from './paste.js';

const piece = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom(
    '550-5.7.1 ',
    '550 5.7.1 ',
    '421-4.7.0 ',
    'Diagnostic-Code: smtp; ',
    'blocked using zen.spamhaus.org',
    'listed in ',
    'Client host [192.0.2.1] ',
    'Jan  2 07:31:13 mx postfix/smtpd[1]: ',
    'to=<a@example.test>',
    'https://example.test/?p=\n  x',
    '\n',
    '\r\n',
    '\r',
    '\n\n    ',
    '\u001b[31m',
    '{"event":"bounce","email":"a@b.test","reason":"550 x"}',
    'Greylisted',
    'DNSBL:ATTRBL 521< 198.51.100.7 >',
  ),
);
const paste = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

describe('fuzz: pasted text', () => {
  it(
    'findRejections and joinReply never throw; results bounded; joined replies are one line',
    fuzzTestOptions(),
    () => {
      fc.assert(
        fc.property(paste, (text) => {
          const found = findRejections(text);
          assert.ok(found.length <= MAX_PASTE_RECORDS);
          for (const r of found) assert.ok(!r.text.includes('\n'), 'a joined record is one line');
          assert.ok(!joinReply(text).includes('\n'));
        }),
        fuzzParams(),
      );
    },
  );

  it(
    'analyzeBounce on a paste never throws and reports a known problem or results',
    fuzzTestOptions(),
    () => {
      fc.assert(
        fc.property(paste, (text) => {
          const report = analyzeBounce(text);
          assert.ok([null, 'empty', 'binary', 'no-rejection-found'].includes(report.problem));
          assert.equal(report.problem === null, report.recipients.length > 0);
        }),
        fuzzParams(),
      );
    },
  );

  it("an attribution's IP is one the text contains", fuzzTestOptions(), () => {
    fc.assert(
      fc.property(paste, (text) => {
        const got = attributeBlocklist(text);
        if (got?.ip) assert.ok(text.toLowerCase().includes(got.ip), `${got.ip} is in the text`);
      }),
      fuzzParams(),
    );
  });
});
