/**
 * Fuzz: the mail parser (postal-mime behind parseMessage) and the phishing analysis on top of
 * it, with hostile messages. Properties: parseMessage never rejects (a failure is parseError);
 * analyzeParsed never throws; the verdict is one of three and the score a finite number.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { hostileMessage } from '../../test/helpers/mime-arbitrary.js';
import { analyzeParsed } from '../phish/analyze.js';
import { parseMessage } from './parse.js';

const VERDICTS = new Set(['phishing', 'suspicious', 'clean']);

describe('mail parser fuzz', () => {
  it('parseMessage then analyzeParsed: no throw, valid verdict', fuzzTestOptions(200), async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileMessage.map((m) => Buffer.from(m, 'latin1')),
          fc.uint8Array({ maxLength: 400 }),
        ),
        async (bytes) => {
          const mail = await parseMessage(bytes);
          assert.ok(Array.isArray(mail.headers) && Array.isArray(mail.attachments));
          const report = analyzeParsed(mail);
          assert.ok(VERDICTS.has(report.verdict), report.verdict);
          assert.ok(Number.isFinite(report.score));
        },
      ),
      fuzzParams(0.5),
    );
  });
});
