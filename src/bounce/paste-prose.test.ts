/**
 * A short prose report pasted without codes is one rejection: its words in one paragraph, its
 * address in another. Logs and reports naming several addresses stay one result per record.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';

test('the paragraphs of one uncoded report are one rejection, with its address', () => {
  const r = analyzeBounce(
    [
      'This Message was undeliverable due to the following reason:',
      '',
      "The recipient's mailbox is full.",
      '',
      'Please verify the recipient(s) address: <someone@example.net>',
    ].join('\n'),
  );
  assert.equal(r.recipients.length, 1);
  assert.equal(r.recipients[0]!.address, 'someone@example.net');
  assert.equal(r.recipients[0]!.reason, 'mailboxfull');
});

test('uncoded paragraphs naming different addresses stay apart', () => {
  const r = analyzeBounce(
    ['a@example.net: No such user here', '', 'b@example.org: Mailbox is full, quota exceeded'].join('\n'),
  );
  assert.deepEqual(
    r.recipients.map((x) => [x.address, x.reason]),
    [
      ['a@example.net', 'userunknown'],
      ['b@example.org', 'mailboxfull'],
    ],
  );
});

test('uncoded log lines stay one result each', () => {
  const r = analyzeBounce(
    [
      'Jan  2 07:31:13 mx filter: message from 192.0.2.7 rejected: sender blacklisted',
      'Jan  2 07:31:14 mx filter: message from 192.0.2.8 rejected: sender blacklisted',
    ].join('\n'),
  );
  assert.equal(r.recipients.length, 2);
});
