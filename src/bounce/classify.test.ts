import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyReason, findSmtpCommand, isHardBounce } from './classify.js';
import { findEnhancedStatus, findReplyCode, isRfc3463Status } from './codes.js';
import { parseReasonData } from './reasons-data.js';

const base = { command: null, status: null, replyCode: null, action: null } as const;

test('reason from the text', () => {
  assert.equal(classifyReason({ ...base, text: '550 5.1.1 <a@b.example>... User Unknown' }), 'userunknown');
  assert.equal(classifyReason({ ...base, text: '552 5.2.2 Mailbox full' }), 'mailboxfull');
  assert.equal(
    classifyReason({ ...base, text: '554 5.7.1 Client host [192.0.2.1] blocked using zen.spamhaus.org' }),
    'blocked',
  );
  assert.equal(classifyReason({ ...base, text: '554 Relay access denied' }), 'norelaying');
  assert.equal(
    classifyReason({
      ...base,
      text: '550 5.7.26 Unauthenticated email from example.com is not accepted due to DMARC policy',
    }),
    'authfailure',
  );
});

test('decisive status codes beat vague words; vague codes fall back to the table', () => {
  assert.equal(classifyReason({ ...base, status: '5.2.2', text: 'rejected' }), 'mailboxfull');
  assert.equal(classifyReason({ ...base, status: '5.3.4', text: '' }), 'mesgtoobig');
  assert.equal(classifyReason({ ...base, status: '4.4.7', text: '' }), 'expired');
  assert.equal(classifyReason({ ...base, action: 'delayed', text: '' }), 'expired');
  assert.equal(classifyReason({ ...base, action: 'delivered', status: '2.0.0', text: '' }), 'delivered');
  assert.equal(classifyReason({ ...base, text: 'nothing useful here' }), 'undefined');
});

test('the SMTP command refines the reason', () => {
  assert.equal(
    classifyReason({ ...base, command: 'DATA', text: '550 Unknown user x@example.net' }),
    'filtered',
  );
  assert.equal(
    classifyReason({ ...base, command: 'MAIL', text: '553 5.1.0 example.com does not exist' }),
    'rejected',
  );
  assert.equal(findSmtpCommand('550 User unknown (in reply to end of DATA command)'), 'DATA');
  assert.equal(findSmtpCommand('SMTP error from remote mail server after RCPT TO:<a@b>:'), 'RCPT');
  assert.equal(findSmtpCommand('>>> RCPT To:<a@b>\n<<< 550 5.1.1 unknown\n'), 'RCPT');
});

test('hard and soft', () => {
  assert.equal(isHardBounce('userunknown', '5.1.1', '550'), true);
  assert.equal(isHardBounce('mailboxfull', '5.2.2', '552'), false);
  assert.equal(isHardBounce('notaccept', '5.1.10', '556'), true);
  assert.equal(isHardBounce('notaccept', '4.3.2', '421'), false);
});

test('codes in free text: not parts of IPs, dates or sizes', () => {
  assert.equal(findEnhancedStatus('host [192.0.2.222]: 550 5.7.1 denied'), '5.7.1');
  assert.equal(findEnhancedStatus('from 192.0.2.1 at 2.4.2021'), null);
  assert.equal(findReplyCode('host mx [192.0.2.1]: 550-5.7.1 no'), '550');
  assert.equal(findReplyCode('message of 500 bytes'), null);
  assert.equal(isRfc3463Status('5.0.911'), false);
  assert.equal(isRfc3463Status('5.7.26'), true);
});

test('reasons.json is validated at load: an unknown reason or an upper-case phrase fails loudly', () => {
  const data = {
    explanations: { blocked: 'x' },
    status: {},
    replyCodes: {},
    recipientDomains: {},
    providerCodes: [],
    remoteHosts: [],
  };
  assert.throws(
    () => parseReasonData({ ...data, text: [{ reason: 'nosuch', contains: ['a'] }] }),
    /known reason/,
  );
  assert.throws(
    () => parseReasonData({ ...data, text: [{ reason: 'blocked', contains: ['Upper'] }] }),
    /lower-case/,
  );
  assert.throws(
    () => parseReasonData({ ...data, text: [], providerCodes: [{ pattern: '(', codes: {} }] }),
    /regular expression/,
  );
  assert.equal(parseReasonData({ ...data, text: [{ reason: 'blocked', contains: ['a'] }] }).text.length, 1);
});

test('reasons.json remote-host rules are checked at load: the row shape and the status', () => {
  const data = {
    explanations: { blocked: 'x' },
    text: [],
    status: {},
    replyCodes: {},
    recipientDomains: {},
    providerCodes: [],
  };
  const table = (rules: unknown[]) => ({ ...data, remoteHosts: [{ name: 'X', hosts: ['.x.test'], rules }] });
  assert.equal(
    parseReasonData(table([['blocked', '5.7.', '1', '9', 'no']])).remoteHosts[0]!.rules[0]!.high,
    9,
  );
  assert.throws(() => parseReasonData(table([['blocked', '5.7.1', '', '', 'NO']])), /lower-case/);
  assert.throws(() => parseReasonData(table([['blocked', 'five', '', '', 'no']])), /bad status/);
  assert.throws(() => parseReasonData(table([['nosuch', '5.7.1', '', '', 'no']])), /reason, status/);
  assert.throws(() => parseReasonData(data), /remoteHosts must be an array/);
});
