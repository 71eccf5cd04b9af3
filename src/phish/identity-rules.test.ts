import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { nameFitsHost, subjectTagOrganisation } from './identity-rules.js';

test('subject tags that speak for an organisation, not topic tags', () => {
  assert.equal(subjectTagOrganisation('【三井住友カード】決済完了のお知らせ'), '三井住友カード');
  assert.equal(subjectTagOrganisation('【 イオンカード 】決済完了のお知らせ'), 'イオンカード');
  assert.equal(subjectTagOrganisation('【SAISON】入金のご連絡'), 'SAISON');
  assert.equal(subjectTagOrganisation('【重要】未払いの電気料金に関するお知らせ'), null);
  assert.equal(subjectTagOrganisation('【メンテナンス】サービス停止のお知らせ'), null);
  assert.equal(subjectTagOrganisation('[f2fs-dev] a list tag'), null);
});

test('a display name fits a host when a label spells its words', () => {
  assert.equal(nameFitsHost('CNET Internet Services', 'www.cnet.com'), true);
  assert.equal(nameFitsHost('Uber Eats', 'ubereats.com'), true);
  assert.equal(nameFitsHost('自動メール通知', 'qaazq.com'), false);
});

function message(from: string, subject: string, body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: user@example.org\r\nSubject: ${subject}\r\nDate: Mon, 20 May 2024 10:00:00 +0900\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

test('three parties: organisation claimed, unrelated sender, links to a third domain', async () => {
  const lure = analyzeParsed(
    await parseMessage(
      message(
        '=?UTF-8?B?6Ieq5YuV44Oh44O844Or6YCa55+l?= <no-reply@qaazq.example.com>',
        '=?UTF-8?B?44CQ5LiJ5LqV5L2P5Y+L44Kr44O844OJ44CR5rG65riI5a6M5LqG44Gu44GK55+l44KJ44Gb?=',
        'ご利用内容をご確認ください https://hautenhere.co.jp/login',
      ),
    ),
  );
  assert.ok(lure.findings.some((f) => f.rule === 'organisation-link-elsewhere'));
  assert.notEqual(lure.verdict, 'clean');
  // The brand's own newsletter from its parent company's domain links to the brand's site.
  const own = analyzeParsed(
    await parseMessage(
      message(
        'CNET Internet Services <news@newsletter.online.example.com>',
        'This week in broadband',
        'Read more at https://www.cnet.com/news/1',
      ),
    ),
  );
  assert.ok(!own.findings.some((f) => f.rule === 'organisation-link-elsewhere'));
  // Authenticated senders are not judged by this rule.
  const signed = analyzeParsed(
    await parseMessage(
      message(
        'Acme Billing <billing@acme.example.com>',
        'Your statement',
        'See https://portal.example.net/statement',
        'Authentication-Results: mx.example.org; dmarc=pass header.from=acme.example.com\r\n',
      ),
    ),
  );
  assert.ok(!signed.findings.some((f) => f.rule === 'organisation-link-elsewhere'));
});

test('an organisation taking replies in a free mailbox', async () => {
  const scam = analyzeParsed(
    await parseMessage(
      message(
        'Gulf Crude Oil Trading Company <support@cito-pro.example.com>',
        'Oil Contract',
        'Reply with your details.',
        'Reply-To: gulfcrude.contracts@gmail.com\r\n',
      ),
    ),
  );
  assert.ok(scam.findings.some((f) => f.rule === 'organisation-reply-freemail'));
  const person = analyzeParsed(
    await parseMessage(
      message('Jane Doe <jane@example.com>', 'Lunch', 'See you.', 'Reply-To: jane.doe@gmail.com\r\n'),
    ),
  );
  assert.ok(!person.findings.some((f) => f.rule === 'organisation-reply-freemail'));
});

test('an unauthenticated sender whose replies go to a free mailbox; an authenticated one is not', async () => {
  const trap = analyzeParsed(
    await parseMessage(
      message(
        'Mohamed Abdul <test250@kadastr.example.com>',
        'Greetings,',
        'Write to me.',
        'Reply-To: m.abdul@gmail.com\r\n',
      ),
    ),
  );
  assert.ok(trap.findings.some((f) => f.rule === 'unverified-sender-reply-freemail'));
  assert.equal(trap.verdict, 'suspicious');
  const signed = analyzeParsed(
    await parseMessage(
      message(
        'Club News <news@club.example.com>',
        'Spring meeting',
        'See you there.',
        'Reply-To: secretary@gmail.com\r\nAuthentication-Results: mx.example.org; dmarc=pass header.from=club.example.com\r\n',
      ),
    ),
  );
  assert.ok(!signed.findings.some((f) => f.rule === 'unverified-sender-reply-freemail'));
});

test('the same organisation under another suffix is not a third party', async () => {
  const report = analyzeParsed(
    await parseMessage(
      message('Billing Team <billing@saasco.io>', 'Your invoice', 'Pay at https://app.saasco.com/invoices/1'),
    ),
  );
  assert.ok(!report.findings.some((f) => f.rule === 'organisation-link-elsewhere'));
});

test("only the reader's own provider administers the reader's mailbox", async () => {
  const lure = analyzeParsed(
    await parseMessage(
      message(
        'Email Administrator <info@trace-ea.example.com>',
        'Your mailbox quota limit has been reached',
        'Upgrade now.',
      ),
    ),
  );
  assert.ok(lure.findings.some((f) => f.rule === 'mailbox-admin-foreign'));
  // The recipient is user@example.org (message()); a notice from the same domain is the provider's.
  const own = analyzeParsed(
    await parseMessage(
      message('Postmaster <postmaster@example.org>', 'Your mailbox quota limit', 'Clean up.'),
    ),
  );
  assert.ok(!own.findings.some((f) => f.rule === 'mailbox-admin-foreign'));
  // Filesystem quota talk is not about the reader's mailbox.
  const talk = analyzeParsed(
    await parseMessage(message('Dev <dev@example.com>', 'Re: f2fs quota support', 'Patch attached.')),
  );
  assert.ok(!talk.findings.some((f) => f.rule === 'mailbox-admin-foreign'));
});

test("a brand's own bulk mail from a hyphenated sending domain, linking only to the brand", async () => {
  const headers =
    'Authentication-Results: mx.example.org; dmarc=pass header.from=paypal-notices.com\r\nList-Unsubscribe: <https://paypal-notices.com/u>\r\n';
  const own = analyzeParsed(
    await parseMessage(
      message(
        'PayPal <service@paypal-notices.com>',
        'Your monthly statement',
        'See https://www.paypal.com/activity',
        headers,
      ),
    ),
  );
  assert.ok(!own.findings.some((f) => f.rule === 'brand-in-sender-name'));
  // A link to the sender's own hyphenated domain is where a look-alike would send the reader.
  const lookalike = analyzeParsed(
    await parseMessage(
      message(
        'PayPal <service@paypal-notices.com>',
        'Your monthly statement',
        'See https://www.paypal.com/activity and log in at https://paypal-notices.com/login',
        headers,
      ),
    ),
  );
  assert.ok(lookalike.findings.some((f) => f.rule === 'brand-in-sender-name'));
});
