import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeBounce } from '../../src/bounce/analyze.js';

const DIR = new URL('../fixtures/bounce/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as Record<
  string,
  { reason: string; status: string | null; replyCode: string | null }[]
>;
const enc = (text: string) => new TextEncoder().encode(text);

// One fixture per bounce format (see test/fixtures/bounce/SOURCES.md): the reasons Sisimai's tables give.
for (const [file, want] of Object.entries(cases)) {
  test(`format fixture ${file}`, () => {
    const report = analyzeBounce(readFileSync(new URL(file, DIR)));
    assert.deepEqual(
      report.recipients.map((r) => r.reason),
      want.map((w) => w.reason),
    );
    want.forEach((w, i) => {
      if (w.status !== null) assert.equal(report.recipients[i]?.status, w.status, `status of recipient ${i}`);
    });
  });
}

test('a bare SMTP line with no headers gives one recipient with a null address', () => {
  const report = analyzeBounce(
    enc(
      '553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks\n',
    ),
  );
  assert.equal(report.isBounce, true);
  assert.equal(report.recipients.length, 1);
  const [r] = report.recipients;
  assert.equal(r?.address, null);
  assert.equal(r?.replyCode, '553');
  assert.equal(r?.status, '5.3.0');
  assert.equal(r?.reason, 'blocked');
  assert.equal(r?.blocklist?.name, 'AT&T ATTRBL');
  assert.equal(r?.blocklist?.ip, '198.51.100.7');
});

test('ARF feedback reports are recognised and are not bounces', () => {
  const report = analyzeBounce(readFileSync(new URL('arf-01.eml', DIR)));
  assert.equal(report.kind, 'feedback');
  assert.equal(report.isBounce, false);
  assert.equal(report.recipients[0]?.feedbackType, 'abuse');
});

test('an out-of-office auto-reply is not a bounce', () => {
  const mail =
    'From: Cat <cat@example.org>\r\nTo: dog@example.net\r\nSubject: Out of Office: hello\r\nAuto-Submitted: auto-replied\r\n\r\nI am away until Monday.\r\n';
  const report = analyzeBounce(enc(mail));
  assert.equal(report.kind, 'auto-reply');
  assert.equal(report.isBounce, false);
});

test('an ordinary message is not a bounce', () => {
  const report = analyzeBounce(
    enc('From: a@example.org\r\nTo: b@example.net\r\nSubject: lunch\r\n\r\nNoon?\r\n'),
  );
  assert.equal(report.kind, 'not-bounce');
  assert.deepEqual(report.recipients, []);
});

test('binary and empty input give a warning, not a crash', () => {
  const binary = new Uint8Array(4096).map((_, i) => (i * 37) % 256);
  assert.equal(analyzeBounce(binary).isBounce, false);
  assert.match(analyzeBounce(binary).warning ?? '', /binary/);
  assert.equal(analyzeBounce(new Uint8Array(0)).warning, 'empty input');
});

test('malformed MIME (unterminated multipart, bad base64) is analysed best-effort', () => {
  const mail = [
    'From: MAILER-DAEMON@example.org',
    'Subject: Undelivered Mail Returned to Sender',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    '',
    '--b1',
    'Content-Type: message/delivery-status',
    'Content-Transfer-Encoding: base64',
    '',
    '!!!not base64!!!',
    '--b1',
    'Content-Type: text/plain',
    '',
    '<kijitora@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.1.1 User unknown (in reply to RCPT TO command)',
  ].join('\r\n');
  const report = analyzeBounce(enc(mail));
  assert.equal(report.isBounce, true);
  assert.equal(report.recipients[0]?.reason, 'userunknown');
  assert.equal(report.recipients[0]?.address, 'kijitora@example.jp');
});

test('a 50 MB message is handled (bounded work) and still read', () => {
  const head =
    'From: MAILER-DAEMON@example.org\r\nSubject: failure notice\r\n\r\n<a@example.net>:\r\nRemote host said: 552 5.2.2 Mailbox full\r\n--- Below this line is a copy of the message.\r\n\r\n';
  const big = Buffer.alloc(50 * 1024 * 1024, 'x');
  big.write(head, 0, 'latin1');
  const report = analyzeBounce(big);
  assert.equal(report.recipients[0]?.reason, 'mailboxfull');
});

test('blocklists named in real bounces: list, zone and the IP our side was refused with', () => {
  const cases: [string, string, string | null, string][] = [
    ['lhost-qmail-09.eml', 'Microsoft (banned sending IP)', null, '192.0.2.225'],
    ['lhost-gmail-04.eml', 'CBL (Spamhaus)', 'cbl.abuseat.org', '192.0.2.49'],
    ['lhost-amazonses-16.eml', 'SORBS (dead)', 'dnsbl.sorbs.net', '203.0.113.225'],
  ];
  for (const [file, name, zone, ip] of cases) {
    const blocklist = analyzeBounce(readFileSync(new URL(file, DIR))).recipients[0]?.blocklist;
    assert.equal(blocklist?.name, name, file);
    assert.equal(blocklist?.zone, zone, file);
    assert.equal(blocklist?.ip, ip, file);
  }
});

test('Amazon SES JSON notifications: bounce and delivery', () => {
  const bounce = analyzeBounce(readFileSync(new URL('lhost-amazonses-10.eml', DIR)));
  assert.equal(bounce.recipients.length, 1);
  assert.equal(bounce.recipients[0]?.address, 'bounce@simulator.amazonses.com');
  assert.equal(bounce.recipients[0]?.status, '5.1.1');
  const delivery = analyzeBounce(readFileSync(new URL('lhost-amazonses-12.eml', DIR)));
  assert.equal(delivery.kind, 'delivered');
  assert.equal(delivery.isBounce, false);
});

test('a phishing mail forging a postmaster@ sender is not taken for a bounce', () => {
  const mail =
    'From: IRS e-File <postmaster@irs-example.test>\r\nSubject: Final Notice: account review\r\n\r\nClick https://irs-example.test/login to keep your account.\r\n';
  assert.equal(analyzeBounce(enc(mail)).kind, 'not-bounce');
  const newsletter =
    'From: News <do_not_reply@bounce.news.example>\r\nSubject: Weekly tips\r\n\r\nHello!\r\n';
  assert.equal(analyzeBounce(enc(newsletter)).kind, 'not-bounce');
});
