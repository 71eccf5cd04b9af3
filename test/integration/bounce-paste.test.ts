/**
 * Pasted text as admins have it (issue 12, issue 11 item 8): the CLI as a user runs it (a spawned
 * process reading stdin) for the exit statuses and words, and the library for each input shape.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyzeBounce, DEFAULTS } from '../../src/bounce/index.js';

const ENTRY = fileURLToPath(new URL('../../src/cli/entry.ts', import.meta.url));
const ESC = String.fromCharCode(27);

function cli(args: string[], stdin: string | Buffer): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, 'bounce', ...args], {
    input: stdin,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const corpus = new Map(
  readFileSync(new URL('../../corpora/bounce-real/cases.jsonl', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const c = JSON.parse(l) as { id: string; text: string };
      return [c.id, c.text] as const;
    }),
);
const text = (id: string) => corpus.get(id) ?? assert.fail(`no case ${id}`);

test('CLI: a reply pasted with ANSI colour codes is read, not called binary (exit 1, list named)', () => {
  const coloured = `${ESC}[1;31m554 5.7.1 Service unavailable; Client host [192.0.2.10] blocked using zen.spamhaus.org${ESC}[0m\n`;
  const r = cli(['-'], coloured);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /Spamhaus ZEN/);
  assert.doesNotMatch(r.out, /binary/);
});

test('CLI: a paste holding no rejection says so in words and exits 2, never a silent 0', () => {
  const r = cli(['-'], 'Hello, the meeting moved to Thursday.\n');
  assert.equal(r.code, 2);
  assert.match(r.out + r.err, /no rejection found/);
});

test('CLI: binary input is bad input (exit 2), as in phish', () => {
  const r = cli(['-'], Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0]));
  assert.equal(r.code, 2);
  assert.match(r.out + r.err, /binary/);
});

test('CLI --json: a paste of three rejections gives three results in one object', () => {
  const paste = [text('pub-006'), text('pub-007'), text('pub-008')].join('\n\n');
  const r = cli(['-', '--json'], paste);
  assert.equal(r.code, 1, r.err);
  const line = JSON.parse(r.out.trim().split('\n')[0]!) as {
    recipients: { reason: string; blocklist: unknown }[];
  };
  assert.deepEqual(
    line.recipients.map((x) => x.reason),
    ['blocked', 'blocked', 'badreputation'],
  );
  assert.equal(line.recipients[2]!.blocklist, null);
});

test('library: mixed CR, LF and CRLF line ends lose no header', () => {
  const raw =
    'From: MAILER-DAEMON@example.org\rSubject: Undelivered Mail Returned to Sender\r\nTo: sender@example.net\n' +
    'Date: Mon, 2 Jan 2023 10:00:00 +0000\r\rThis is the mail system.\r\n\r\n' +
    '<user@example.com>: host mx.example.com[192.0.2.1] said: 550 5.1.1 <user@example.com>: Recipient address\r\n' +
    '    rejected: User unknown (in reply to RCPT TO command)\n';
  const report = analyzeBounce(Buffer.from(raw, 'latin1'));
  assert.equal(report.subject, 'Undelivered Mail Returned to Sender');
  assert.equal(report.recipients[0]?.address, 'user@example.com');
  assert.equal(report.recipients[0]?.reason, 'userunknown');
});

test('library: multi-line 550- replies are joined without their prefixes, URLs whole', () => {
  const r = analyzeBounce(text('pub-031')).recipients[0];
  assert.ok(r?.diagnostic);
  assert.doesNotMatch(r.diagnostic, /550-5\.7\.1/);
  assert.match(r.diagnostic, /https:\/\/support\.google\.com\/mail\/answer\/81126#authentication/);
  assert.equal(r.status, '5.7.1');
});

test('library: a pasted Diagnostic-Code of type x-unix is a local delivery program (quota -> mailboxfull)', () => {
  const r = analyzeBounce(text('flufl-dsn_17')).recipients[0];
  assert.equal(r?.reason, 'mailboxfull');
});

test('library: Postfix log lines give one result each, recipient from to=<...>', () => {
  const paste = `${text('pub-039')}\n${text('pub-041')}`;
  const rs = analyzeBounce(paste).recipients;
  assert.equal(rs.length, 2);
  assert.equal(rs[0]?.address, 'me@lukecyca.com');
  assert.equal(rs[1]?.address, 'contact@netgusto.com');
  assert.deepEqual(
    rs.map((r) => r.blocklist?.ip),
    ['209.85.223.172', '209.85.223.196'],
  );
});

test('library: provider webhook JSON (SendGrid, Mailgun, Postmark) is read', () => {
  const sendgrid = JSON.stringify([
    {
      email: 'a@example.com',
      event: 'bounce',
      sg_event_id: 'x',
      reason: '550 5.1.1 The email account that you tried to reach does not exist.',
      status: '5.1.1',
    },
  ]);
  const mailgun = JSON.stringify({
    'event-data': {
      event: 'failed',
      recipient: 'b@example.com',
      'delivery-status': {
        code: 554,
        message: '5.7.1 Service unavailable; Client host [198.51.100.4] blocked using bl.spamcop.net',
      },
    },
  });
  const postmark = JSON.stringify({
    RecordType: 'Bounce',
    Email: 'c@example.com',
    Details: 'smtp;552 5.2.2 Mailbox full',
  });
  assert.equal(analyzeBounce(sendgrid).recipients[0]?.reason, 'userunknown');
  const mg = analyzeBounce(mailgun).recipients[0];
  assert.equal(mg?.address, 'b@example.com');
  assert.equal(mg?.blocklist?.zone, 'bl.spamcop.net');
  assert.equal(mg?.blocklist?.ip, '198.51.100.4');
  assert.equal(analyzeBounce(postmark).recipients[0]?.reason, 'mailboxfull');
});

test('library: Amazon SES notification pasted as JSON', () => {
  const ses = JSON.stringify({
    notificationType: 'Bounce',
    bounce: {
      bounceType: 'Permanent',
      bouncedRecipients: [
        {
          emailAddress: 'd@example.com',
          status: '5.1.1',
          action: 'failed',
          diagnosticCode: 'smtp; 550 5.1.1 user unknown',
        },
      ],
    },
  });
  const r = analyzeBounce(ses).recipients[0];
  assert.equal(r?.address, 'd@example.com');
  assert.equal(r?.reason, 'userunknown');
});

test('library: nothing found is data (problem and sentence), and empty input is not "binary"', () => {
  const none = analyzeBounce('just some words');
  assert.equal(none.problem, 'no-rejection-found');
  assert.match(none.warning ?? '', /no rejection found/);
  assert.equal(analyzeBounce('').problem, 'empty');
});

test('library: a paste of thousands of log lines gives at most DEFAULTS.maxPasteRecords results', () => {
  const line = (i: number) =>
    `Jan  2 07:31:13 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from h${i}.example[192.0.2.1]: 550 5.1.1 <u${i}@example.org>: Recipient address rejected: User unknown; from=<a@example.net> to=<u${i}@example.org>`;
  const paste = Array.from({ length: DEFAULTS.maxPasteRecords + 50 }, (_, i) => line(i)).join('\n');
  const rs = analyzeBounce(paste).recipients;
  assert.equal(rs.length, DEFAULTS.maxPasteRecords);
  assert.equal(rs[0]?.address, 'u0@example.org');
});

test('library: a refusal that is not a listing by reason still names a DNSBL zone it quotes outright', () => {
  const listed = analyzeBounce(
    '554 5.7.1 Service unavailable; Client host [198.51.100.9] blocked using noptr.spamrats.com; No PTR record found',
  ).recipients[0];
  assert.equal(listed?.reason, 'requireptr');
  assert.equal(listed?.blocklist?.zone, 'noptr.spamrats.com');
  const plain = analyzeBounce(
    '450 4.7.1 Client host rejected: cannot find your reverse hostname, [198.51.100.9]',
  ).recipients[0];
  assert.equal(plain?.reason, 'requireptr');
  assert.equal(plain?.blocklist, null);
});
