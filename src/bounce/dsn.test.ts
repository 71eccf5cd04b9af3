import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDeliveryStatus, parseFeedbackReport } from './dsn.js';

const DSN = [
  'Reporting-MTA: dns; mx.example.org',
  'Arrival-Date: Thu, 29 Apr 2021 23:34:45 +0900',
  '',
  'Final-Recipient: rfc822; kijitora@example.jp',
  'Original-Recipient: rfc822;Kijitora@example.jp',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.example.jp',
  'Diagnostic-Code: smtp; 550 5.1.1 <kijitora@example.jp>... User',
  '  Unknown',
  'Last-Attempt-Date: Thu, 29 Apr 2021 23:34:46 +0900',
  '',
  'Final-Recipient: rfc822; <mikeneko@example.jp>',
  'Action: delayed',
  'Status: 4.4.7',
  '',
].join('\r\n');

test('RFC 3464: per-message and per-recipient fields, type prefixes removed, folded lines joined', () => {
  const dsn = parseDeliveryStatus(DSN);
  assert.equal(dsn.reportingMta, 'mx.example.org');
  assert.equal(dsn.recipients.length, 2);
  const [a, b] = dsn.recipients;
  assert.equal(a?.finalRecipient, 'kijitora@example.jp');
  assert.equal(a?.originalRecipient, 'Kijitora@example.jp');
  assert.equal(a?.action, 'failed');
  assert.equal(a?.status, '5.1.1');
  assert.equal(a?.remoteMta, 'mx.example.jp');
  assert.equal(a?.diagnostic, '550 5.1.1 <kijitora@example.jp>... User Unknown');
  assert.equal(b?.finalRecipient, 'mikeneko@example.jp');
  assert.equal(b?.action, 'delayed');
});

test('a delivery-status part with garbage gives no recipients and does not throw', () => {
  assert.deepEqual(parseDeliveryStatus('\u0000\u0001 garbage\n\n:::\n').recipients, []);
});

test('ARF feedback report: type and original recipient', () => {
  const report = parseFeedbackReport(
    'Feedback-Type: abuse\r\nUser-Agent: x/1\r\nVersion: 1\r\nOriginal-Rcpt-To: <a@example.net>\r\n',
  );
  assert.equal(report.feedbackType, 'abuse');
  assert.deepEqual(report.recipients, ['a@example.net']);
});

test('recipient groups without the blank line between them (AOL) are still split', () => {
  const dsn = parseDeliveryStatus(
    'Reporting-MTA: dns; a.example\n\nFinal-Recipient: rfc822; a@example.jp\nAction: failed\nStatus: 5.2.2\nFinal-Recipient: rfc822; b@example.jp\nAction: failed\nStatus: 5.1.1\n',
  );
  assert.deepEqual(
    dsn.recipients.map((r) => [r.finalRecipient, r.status]),
    [
      ['a@example.jp', '5.2.2'],
      ['b@example.jp', '5.1.1'],
    ],
  );
});
