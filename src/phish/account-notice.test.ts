/**
 * A brand's own security notices (password reset, new sign-in, one-time code) against the lures
 * that copy them. Messages written for these tests after the shape of such notices (no real
 * message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Draft, judge, rules } from '../../test/helpers/phish-draft.js';
import { reassurance } from './account-notice.js';

// X writes from x.com, wraps its links in its own shortener t.co and sends help links through its
// own redirector to twitter.com: three domains, one owner (brands.json).
const X_RESET: Draft = {
  from: '"X" <info@x.com>',
  dmarc: 'x.com',
  subject: 'Password reset request',
  html:
    '<p>We received a request to reset your password for @jane_doe.</p>' +
    '<p><a href="https://t.co/AbCdEf123">Reset your password</a></p>' +
    "<p>If you didn't request a password reset, you can ignore this email. " +
    '<a href="https://x.com/i/redirect?url=https%3A%2F%2Fhelp.twitter.com%2Fsafety&t=1">Learn more</a></p>',
};

test("a brand's authenticated password reset with its own shortener and redirector is clean", async () => {
  const report = await judge(X_RESET);
  assert.equal(report.verdict, 'clean', rules(report).join(','));
  assert.ok(!rules(report).includes('url-shortener'));
  assert.ok(!rules(report).includes('redirector-link'));
  assert.ok(rules(report).includes('own-account-notice'), rules(report).join(','));
});

test('the same notice with nothing authenticating it keeps the shortener and the redirector', async () => {
  const report = await judge({ ...X_RESET, dmarc: null });
  assert.notEqual(report.verdict, 'clean', rules(report).join(','));
  assert.ok(rules(report).includes('url-shortener'));
  assert.ok(rules(report).includes('redirector-link'));
  assert.ok(!rules(report).includes('own-account-notice'));
});

test('a shortener the authenticated sender does not own still counts', async () => {
  const report = await judge({
    ...X_RESET,
    html: X_RESET.html.replace('https://t.co/AbCdEf123', 'https://bit.ly/3xYzAbC'),
  });
  assert.ok(rules(report).includes('url-shortener'));
  assert.ok(!rules(report).includes('own-account-notice'));
});

test("a free mailbox does not own its provider's short links", async () => {
  const report = await judge({
    from: '"Jane" <jane.sender@gmail.com>',
    dmarc: 'gmail.com',
    subject: 'photos',
    html: '<p>Here are the photos: <a href="https://goo.gl/xYz123">album</a></p>',
  });
  assert.ok(rules(report).includes('url-shortener'), rules(report).join(','));
});

// A new-sign-in notice from a SaaS vendor's own domain, sent through its ESP.
const SIGN_IN: Draft = {
  from: '"Acme Cloud" <no-reply@acmecloud.io>',
  dmarc: 'acmecloud.io',
  subject: 'New sign-in to your Acme Cloud account',
  html:
    '<p>We noticed a new sign-in to your account from Chrome on Windows.</p>' +
    '<p>If this was you, no action is required. If not, <a href="https://acmecloud.io/security">secure your account</a>.</p>' +
    '<p>Acme Cloud will never ask for your password by email.</p>',
  extra: ['Feedback-ID: 1:acmecloud:ses'],
};

test('an authenticated vendor notice that reassures offsets its account wording', async () => {
  const report = await judge(SIGN_IN);
  assert.equal(report.verdict, 'clean');
  assert.ok(rules(report).includes('credential-lure'));
  assert.ok(rules(report).includes('own-account-notice'));
});

test('account wording linking elsewhere, or without reassurance, is not a notice', async () => {
  const elsewhere = await judge({
    ...SIGN_IN,
    html: SIGN_IN.html.replace('https://acmecloud.io/security', 'https://acme-login.net/verify'),
  });
  assert.ok(!rules(elsewhere).includes('own-account-notice'), rules(elsewhere).join(','));
  const threat = await judge({
    ...SIGN_IN,
    subject: 'Action required: verify your account',
    html: '<p>Your account will be suspended within 24 hours. <a href="https://acmecloud.io/verify">Verify your account</a></p>',
  });
  assert.ok(rules(threat).includes('credential-lure'));
  assert.ok(!rules(threat).includes('own-account-notice'));
});

test("a brand's name on another authenticated domain gains nothing from reassuring words", async () => {
  const report = await judge({
    from: '"PayPal Security" <security@account-care.net>',
    dmarc: 'account-care.net',
    subject: 'Verify your password',
    html: '<p>Please verify your password: <a href="https://account-care.net/login">sign in</a>. If this was you, you can ignore this.</p>',
  });
  assert.ok(!rules(report).includes('own-account-notice'));
  assert.equal(report.verdict, 'phishing', rules(report).join(','));
});

test('reassuring phrases: whole words, several languages; a threat is none', () => {
  assert.equal(
    reassurance("If this wasn't you... If this was you, you can ignore this email"),
    'if this was you',
  );
  assert.equal(
    reassurance('Bitte geben Sie diesen Code nicht weiter.'),
    'geben sie diesen code nicht weiter',
  );
  assert.equal(reassurance('ご本人によるものであれば、対応は不要です。'), 'ご本人によるものであれば');
  assert.equal(reassurance('Do not ignore this email: verify your account now'), null);
});
