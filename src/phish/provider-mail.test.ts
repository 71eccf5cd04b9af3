/**
 * A mail provider's own service mail and a company's bill, against the callback lure they
 * resemble. Messages written for these tests (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { freeMailboxOf } from './host-lists.js';
import type { PhishReport } from './types.js';

async function judge(from: string, dmarc: string, subject: string, html: string): Promise<PhishReport> {
  const headers = [
    `Authentication-Results: mx.google.com; dkim=pass header.i=@${dmarc} header.s=s1; dmarc=pass (p=REJECT) header.from=${dmarc}`,
    `From: ${from}`,
    'To: bob@example.org',
    `Subject: ${subject}`,
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);
const BILL =
  '<p>Hi Bob, your bill for account ending in 1234 is ready.</p><p>Amount due: $89.99. Due date: Dec 15.</p>' +
  '<p><a href="https://customer.xfinity.com/billing">View and pay your bill</a></p><p>Questions? Call us at 1-800-934-6489.</p>';

test('a mailbox at the provider itself is free; its service subdomain is the provider', () => {
  assert.equal(freeMailboxOf('someone@comcast.net'), 'comcast.net');
  assert.equal(freeMailboxOf('someone@gmail.com.'), 'gmail.com');
  assert.equal(freeMailboxOf('online.communications@alerts.comcast.net'), null);
  assert.equal(freeMailboxOf('news@acme-corp.com'), null);
});

test("a provider's bill from its service subdomain, linking to its own site with a number for questions, is clean", async () => {
  const report = await judge(
    '"Xfinity" <online.communications@alerts.comcast.net>',
    'comcast.net',
    'Your Xfinity bill is ready',
    BILL,
  );
  assert.equal(report.verdict, 'clean', rules(report).join(','));
  assert.ok(!rules(report).includes('document-lure-unverified'));
});

test('the same bill disputing a charge, or from a stranger, is still a callback lure', async () => {
  const dispute = await judge(
    '"Xfinity" <online.communications@alerts.comcast.net>',
    'comcast.net',
    'Your Xfinity bill is ready',
    BILL.replace('Questions?', 'If you did not authorize this charge,'),
  );
  assert.ok(rules(dispute).includes('callback-lure'), rules(dispute).join(','));
  const stranger = await judge(
    '"Billing" <billing@invoice-center.net>',
    'invoice-center.net',
    'Your bill',
    BILL,
  );
  assert.ok(rules(stranger).includes('callback-lure'), rules(stranger).join(','));
});

test("a card issuer's statement from its published sending domain (SMBC Card's vpass.ne.jp) is not impersonation", async () => {
  const report = await judge(
    '"三井住友カード" <statement@vpass.ne.jp>',
    'vpass.ne.jp',
    '【三井住友カード】ご利用代金確定のお知らせ',
    '<p>ご利用代金が確定しました。お支払金額 12,345円</p><p><a href="https://www.smbc-card.com/mem/index.jsp">Vpassにログイン</a></p>',
  );
  assert.ok(!rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.notEqual(report.verdict, 'phishing');
});

test("a charity's donation receipt linking to its own site is no advance-fee lure; the same words with nothing to click from a stranger are", async () => {
  const receipt = await judge(
    '"Donor Services" <receipts@savethechildren.org>',
    'savethechildren.org',
    'Thank you for your donation',
    '<p>Thank you for your generous donation of $50.00 to the Foundation. This email is your receipt; our charity number is 1234567.</p><p><a href="https://www.savethechildren.org/receipt?id=abc">View receipt</a></p>',
  );
  assert.ok(!rules(receipt).includes('advance-fee-lure'), rules(receipt).join(','));
  assert.equal(receipt.verdict, 'clean');
  const bait = await judge(
    '"Mrs Mary Example" <mary.example@gmail.com>',
    'gmail.com',
    'Donation for you',
    '<p>I am a widow and I want to make a donation of my foundation funds to you. Reply to me for the transfer.</p>',
  );
  assert.ok(rules(bait).includes('advance-fee-lure'), rules(bait).join(','));
});

test("a person's name on a domain of its own, linking only to itself, still writes an advance-fee lure (review)", async () => {
  const report = await judge(
    '"James Okoro" <james@lawchambers-intl.com>',
    'lawchambers-intl.com',
    'Next of kin',
    '<p>I am a barrister. My late client left 10.5 million dollars with no next of kin; I propose you as the beneficiary. Reply with your full name and phone number.</p><p><a href="https://lawchambers-intl.com/">Our chambers</a></p>',
  );
  assert.ok(rules(report).includes('advance-fee-lure'), rules(report).join(','));
});
