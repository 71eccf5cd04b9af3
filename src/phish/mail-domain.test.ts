/**
 * A brand's marketing from a domain named for its mail (glossyemail.com for glossy.com). Messages
 * written for these tests (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { fitsMailDomain } from './mail-domain.js';
import type { PhishReport } from './types.js';

async function judge(from: string, dmarc: string, html: string): Promise<PhishReport> {
  const headers = [
    `Authentication-Results: mx.google.com; dkim=pass header.i=@${dmarc} header.s=s1; dmarc=pass (p=REJECT) header.from=${dmarc}`,
    `From: ${from}`,
    'To: bob@example.org',
    'Subject: Your free gift is inside',
    'List-Unsubscribe: <https://www.glossy.com/u>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);
const SALE =
  '<p>Congratulations! As a member you get a free gift with every order this week, plus double reward points. Claim now.</p>' +
  '<p><a href="https://www.glossy.com/gift">Claim now</a> <a href="https://www.glossy.com/">Shop</a></p>';

test('a display name followed by a mail word spells a mail domain', () => {
  assert.equal(fitsMailDomain('Glossy', 'news.glossyemail.com'), true);
  assert.equal(fitsMailDomain('Blue Bottle', 'bluebottlemail.com'), true);
  assert.equal(fitsMailDomain('Glossy', 'deals-center.net'), false);
  assert.equal(fitsMailDomain('Jo', 'jomail.com'), false);
});

test("a brand's sale from its mail-named domain, linking to its site, is clean; from another domain it is not", async () => {
  const own = await judge('"Glossy" <hello@glossyemail.com>', 'glossyemail.com', SALE);
  assert.equal(own.verdict, 'clean', rules(own).join(','));
  assert.ok(rules(own).includes('authenticated-sender'));
  const other = await judge('"Glossy" <hello@deals-center.net>', 'deals-center.net', SALE);
  assert.notEqual(other.verdict, 'clean', rules(other).join(','));
});

test("a table brand's name on a mail-named domain of a stranger is still impersonation", async () => {
  const report = await judge(
    '"PayPal" <service@paypalmail.com>',
    'paypalmail.com',
    '<p>Your account has been limited. <a href="https://paypalmail.com/login">Verify your account</a></p>',
  );
  assert.ok(rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.equal(report.verdict, 'phishing');
});

test('the site a mail-named domain is named for, only that way round', async () => {
  const { isMailNamedSite } = await import('./mail-domain.js');
  assert.equal(isMailNamedSite('ryanairmail', 'ryanair'), true);
  assert.equal(isMailNamedSite('auparcel', 'auparcel-redelivery'), false);
  assert.equal(isMailNamedSite('glossyemail', 'glossy-login'), false);
});
