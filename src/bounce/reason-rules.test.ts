/**
 * The reason rules added for reason agreement: local-program diagnostics, provider error-code
 * tables, phrase pairs, the SMTP stage of "user unknown", and directory wordings that decide at any stage.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { classifyReason, reasonFromProviderCode, reasonFromText } from './classify.js';
import { parseDeliveryStatus, typePrefix } from './dsn.js';

const base = { command: null, status: null, replyCode: null, action: null } as const;

test('Diagnostic-Code X-Unix is a local program failing, unless it reports a resource limit', () => {
  assert.equal(typePrefix('X-Unix; 255'), 'x-unix');
  assert.equal(typePrefix('no type here'), null);
  assert.equal(classifyReason({ ...base, text: '255', diagnosticType: 'x-unix' }), 'mailererror');
  assert.equal(
    classifyReason({ ...base, status: '5.1.1', text: 'procmail: No such user', diagnosticType: 'x-unix' }),
    'mailererror',
  );
  assert.equal(
    classifyReason({ ...base, text: 'Quota exceeded message delivery failed', diagnosticType: 'x-unix' }),
    'mailboxfull',
  );
  // The same words with an SMTP diagnostic are the server's refusal.
  assert.equal(
    classifyReason({ ...base, status: '5.1.1', text: '550 5.1.1 No such user', diagnosticType: 'smtp' }),
    'userunknown',
  );
  const dsn = parseDeliveryStatus(
    'Final-Recipient: rfc822; a@example.jp\nAction: failed\nDiagnostic-Code: X-Unix; 75\n',
  );
  assert.equal(dsn.recipients[0]?.diagnosticType, 'x-unix');
});

test("Orange / La Poste error codes name the cause; codes that say 'try later' leave it to the text", () => {
  assert.equal(
    reasonFromProviderCode('421 4.2.0 Service refuse. Service refused, please try later. OFR005_505 [505]'),
    'systemerror',
  );
  assert.equal(
    reasonFromProviderCode('554 5.7.1 <x.example.net[192.0.2.1]>: Client host rejected LPN000_630'),
    'policyviolation',
  );
  assert.equal(reasonFromProviderCode('550 5.1.1 Invalid recipient. LPN416'), 'userunknown');
  assert.equal(reasonFromProviderCode('Veuillez essayer plus tard. LPN003_109'), null);
  assert.equal(reasonFromProviderCode('host lpn-prd-vrin012 said: 550 no'), null);
  assert.equal(
    classifyReason({
      ...base,
      status: '5.7.1',
      replyCode: '554',
      text: '554 5.7.1 Client host rejected LPN000_630',
    }),
    'policyviolation',
  );
});

test('Exchange MSEXCH codes name the cause', () => {
  assert.equal(
    reasonFromProviderCode('MSEXCH:IMS:EXAMPLE:SITE:MX 0 (000C05A6) Unknown Recipient'),
    'userunknown',
  );
  assert.equal(
    reasonFromProviderCode('MSEXCH:IMS:EXAMPLE:SITE:MX 0 (000c0595) Ambiguous Recipient'),
    'filtered',
  );
  assert.equal(reasonFromProviderCode('MSEXCH:IMC:EXAMPLE 0 (DEADBEEF) Something'), null);
});

test('phrase pairs: two fixed parts around a variable one', () => {
  assert.equal(
    reasonFromText('450 service permits 2 unverifyable sending IPs - example.com is not 203.0.113.2'),
    'requireptr',
  );
  assert.equal(reasonFromText('Delivery failed 20 attempts: a@example.com'), 'expired');
  // Order matters: the second part must follow the first.
  assert.equal(reasonFromText('attempts were made; delivery failed '), null);
});

test('"user unknown" with no RCPT stage and no x.1.1 code is a filter; directory wordings decide at any stage', () => {
  assert.equal(classifyReason({ ...base, text: 'kijitora@example.co.jp [User unknown]' }), 'filtered');
  assert.equal(classifyReason({ ...base, command: 'RCPT', text: '550 User unknown' }), 'userunknown');
  assert.equal(classifyReason({ ...base, status: '5.1.1', text: '550 5.1.1 User unknown' }), 'userunknown');
  assert.equal(
    classifyReason({ ...base, text: "<a@example.com>: This user doesn't have a example.com account" }),
    'filtered',
  );
  assert.equal(
    classifyReason({
      ...base,
      replyCode: '554',
      text: "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]",
    }),
    'userunknown',
  );
  assert.equal(
    classifyReason({ ...base, text: 'User Neko (a@example.jp) not listed in Domino Directory' }),
    'userunknown',
  );
  assert.equal(classifyReason({ ...base, text: 'The recipient name is not recognized' }), 'userunknown');
  assert.equal(
    classifyReason({ ...base, text: 'Unable to deliver message to <a@example.jp> (and other recipients)' }),
    'userunknown',
  );
});

test('refused at EHLO with no stated cause: our host was blocked', () => {
  assert.equal(
    classifyReason({ ...base, command: 'HELO', status: '5.0.0', replyCode: '550', text: '550 Rejected' }),
    'blocked',
  );
  assert.equal(
    classifyReason({ ...base, status: '5.0.0', replyCode: '550', text: '550 Rejected' }),
    'onhold',
  );
});

test('a stated system fault beats "temporary, so expired"', () => {
  assert.equal(
    classifyReason({
      ...base,
      status: '4.0.0',
      replyCode: '451',
      text: '451 Could not load DRD for domain (example.com)',
    }),
    'systemerror',
  );
  assert.equal(classifyReason({ ...base, status: '4.0.0', replyCode: '451', text: '451 please' }), 'expired');
});

test("a Status field's comment is the diagnostic when there is no Diagnostic-Code", () => {
  const dsn = [
    'From: MAILER-DAEMON@example.org',
    'Subject: Returned mail',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Delivery problems.',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.org',
    '',
    'Final-Recipient: rfc822; a@cat.example.net',
    'Action: delayed',
    'Status: 4.0.0 (cat.example.net: host name lookup failure)',
    '',
    'Final-Recipient: rfc822; b@example.net',
    'Action: failed',
    'Status: 5.0.0',
    'Diagnostic-Code: smtp; 550 user unknown',
    '',
    '--b--',
    '',
  ].join('\r\n');
  const report = analyzeBounce(new TextEncoder().encode(dsn));
  assert.equal(report.recipients[0]?.diagnostic, 'cat.example.net: host name lookup failure');
  assert.equal(report.recipients[0]?.reason, 'networkerror');
  assert.equal(report.recipients[1]?.reason, 'filtered');
});

test('reply codes with one meaning decide only when words and status do not', () => {
  assert.equal(classifyReason({ ...base, replyCode: '556', text: '556 example.com' }), 'notaccept');
  assert.equal(classifyReason({ ...base, replyCode: '521', text: '521 mx.example.com' }), 'notaccept');
  // The words win: a 521 that names a blocklist is a block.
  assert.equal(
    classifyReason({
      ...base,
      replyCode: '521',
      text: '521 5.7.1 Client host [192.0.2.1] blocked using bl.example.org',
    }),
    'blocked',
  );
});
