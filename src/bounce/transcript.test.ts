/**
 * A pasted SMTP session transcript is read exchange by exchange: the accepted commands do not hide
 * the refusal, and a session with no refusal stays a delivery.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { splitTranscript } from './transcript.js';

const session = (...lines: string[]) => lines.join('\n');

test('a refused RCPT after accepted commands is reported for its recipient', () => {
  const r = analyzeBounce(
    session(
      '>>> MAIL FROM:<me@example.com>',
      '<<< 250 2.1.0 Ok',
      '>>> RCPT TO:<a@example.org>',
      '<<< 250 2.1.5 Ok',
      '>>> RCPT TO:<b@example.org>',
      '<<< 550 5.1.1 <b@example.org>: Recipient address rejected: User unknown',
    ),
  );
  assert.equal(r.kind, 'bounce');
  assert.equal(r.recipients.length, 1);
  assert.equal(r.recipients[0]!.address, 'b@example.org');
  assert.equal(r.recipients[0]!.reason, 'userunknown');
  assert.equal(r.recipients[0]!.replyCode, '550');
  assert.equal(r.recipients[0]!.status, '5.1.1');
});

test('a session of accepted commands only stays a delivery', () => {
  const r = analyzeBounce(
    session(
      '>>> MAIL FROM:<me@example.com>',
      '<<< 250 2.1.0 Ok',
      '>>> RCPT TO:<a@example.org>',
      '<<< 250 2.1.5 Ok',
      '>>> DATA',
      '<<< 354 End data with <CR><LF>.<CR><LF>',
      '>>> .',
      '<<< 250 2.0.0 Ok: queued as 4F1',
    ),
  );
  assert.notEqual(r.kind, 'bounce');
  assert.ok(r.recipients.every((x) => x.reason === 'delivered'));
});

test('a refusal after DATA refuses every recipient accepted before it (swaks markers)', () => {
  const r = analyzeBounce(
    session(
      ' -> MAIL FROM:<me@example.com>',
      '<-  250 2.1.0 Ok',
      ' -> RCPT TO:<a@example.org>',
      '<-  250 2.1.5 Ok',
      ' -> RCPT TO:<c@example.org>',
      '<-  250 2.1.5 Ok',
      ' -> DATA',
      '<-  354 go ahead',
      ' -> Subject: test',
      ' -> .',
      '<** 554 5.7.1 Message rejected as spam by content filter',
    ),
  );
  assert.deepEqual(
    r.recipients.map((x) => x.address),
    ['a@example.org', 'c@example.org'],
  );
  for (const x of r.recipients) assert.equal(x.reason, 'spamdetected');
});

test('a bare telnet session is read the same way; a refused sender is the MAIL exchange', () => {
  const split = splitTranscript(
    session(
      'EHLO client.example.com',
      '250-mx.example.org',
      '250 SIZE 1000',
      'MAIL FROM:<x@example.com>',
      '553 5.7.1 Sender address rejected: not owned by user',
    ),
  );
  assert.equal(split?.length, 1);
  assert.match(split![0]!.record, /^MAIL FROM/);
  assert.equal(split![0]!.recipient, null);
});

test('a transcript with no accepted exchange or no client line is left whole', () => {
  assert.equal(splitTranscript('>>> RCPT To:<a@example.org>\n<<< 550 5.1.1 unknown'), null);
  assert.equal(splitTranscript('250 2.0.0 Ok\n550 5.1.1 unknown'), null);
});

test('prose lines opening with a command word are no client lines', () => {
  const record = [
    '250 2.0.0 Ok: queued on the relay',
    'Data loss prevention rules were applied to the forwarded copy.',
    '550 5.7.1 Message rejected by a data loss prevention policy',
  ].join('\n');
  assert.equal(splitTranscript(record), null);
  // A lower-case telnet session is still one.
  const telnet = ['mail from:<a@example.com>', '250 ok', 'rcpt to:<b@example.org>', '550 5.1.1 no such user'];
  assert.equal(splitTranscript(telnet.join('\n'))?.[0]?.recipient, 'b@example.org');
});
