/**
 * A savings bank of the Sparkassen-Finanzgruppe writing from its own sparkasse-<region>.de domain,
 * against strangers using the pattern. Messages written for these tests (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { foldName } from './member-domains.js';
import type { PhishReport } from './types.js';

/** A message from `from`, with an aligned DMARC pass recorded for `dmarc` (none when null). */
async function mail(from: string, dmarc: string | null, subject: string, html: string): Promise<PhishReport> {
  const headers = [
    ...(dmarc === null
      ? []
      : [
          `Authentication-Results: mx.google.com; dkim=pass header.i=@${dmarc}; dmarc=pass header.from=${dmarc}`,
        ]),
    `From: ${from}`,
    'To: bob@example.org',
    `Subject: ${subject}`,
    'Content-Type: text/html; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
}

async function judge(from: string, dmarc: string | null): Promise<PhishReport> {
  const domain = from.slice(from.indexOf('@') + 1, -1);
  const html = `<p>In Ihrem elektronischen Postfach liegt eine neue Nachricht. Bitte melden Sie sich im Online-Banking an, um Ihr Konto einzusehen.</p><p><a href="https://www.${domain}/de/home.html">Zum Online-Banking</a></p>`;
  return mail(from, dmarc, 'Neue Nachricht in Ihrem Postfach', html);
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);

test('names fold as German writes them in domains', () => {
  assert.equal(foldName('Sparkasse KölnBonn'), 'sparkassekoelnbonn');
  assert.equal(foldName('Kreissparkasse Düsseldorf'), 'kreissparkasseduesseldorf');
});

test('a savings bank from its own authenticated member domain is not impersonating Sparkasse', async () => {
  const report = await judge(
    '"Sparkasse KölnBonn" <service@sparkasse-koelnbonn.de>',
    'sparkasse-koelnbonn.de',
  );
  assert.ok(!rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.ok(!rules(report).includes('brand-name-in-host'), rules(report).join(','));
  assert.notEqual(report.verdict, 'phishing');
});

test('a stranger on the pattern without the member in its name, or nothing authenticated, still is', async () => {
  const stranger = await judge('"Sparkasse" <service@sparkasse-sicherheit.de>', 'sparkasse-sicherheit.de');
  assert.ok(rules(stranger).includes('brand-in-sender-name'), rules(stranger).join(','));
  const spoofed = await judge('"Sparkasse KölnBonn" <service@sparkasse-koelnbonn.de>', null);
  assert.ok(rules(spoofed).includes('brand-in-sender-name'), rules(spoofed).join(','));
  // A service word is no member, even spelled in the name (review).
  const services: [string, string][] = [
    ['Sparkasse Sicherheit', 'sparkasse-sicherheit.de'],
    ['Sparkasse Online-Banking', 'sparkasse-online-banking.de'],
  ];
  for (const [name, domain] of services) {
    const service = await judge(`"${name}" <service@${domain}>`, domain);
    assert.ok(rules(service).includes('brand-in-sender-name'), `${domain}: ${rules(service).join(',')}`);
  }
});

async function brandMail(from: string, dmarc: string | null): Promise<PhishReport> {
  return brandMailWith(
    from,
    dmarc,
    '<p>Sie haben 25,00 EUR an Muster GmbH gesendet.</p><p><a href="https://www.paypal.com/myaccount/transactions">Details</a></p>',
  );
}

async function brandMailWith(from: string, dmarc: string | null, html: string): Promise<PhishReport> {
  return mail(from, dmarc, 'Sie haben eine Zahlung gesendet', html);
}

test("a brand's own country domain, authenticated, is the brand's; unauthenticated or on an abused TLD it is not", async () => {
  const own = await brandMail('"PayPal" <service@paypal.at>', 'paypal.at');
  assert.ok(!rules(own).includes('brand-in-sender-name'), rules(own).join(','));
  assert.equal(own.verdict, 'clean');
  const spoofed = await brandMail('"PayPal" <service@paypal.at>', null);
  assert.ok(rules(spoofed).includes('brand-in-sender-name'));
  const abused = await brandMail('"PayPal" <service@paypal.tk>', 'paypal.tk');
  assert.ok(rules(abused).includes('brand-in-sender-name'), rules(abused).join(','));
  // Authenticated, but leading only to itself: a stranger who registered the name (review).
  const cm = (html: string) => brandMailWith('"PayPal" <service@paypal.cm>', 'paypal.cm', html);
  const alone = await cm(
    '<p>Konto eingeschränkt.</p><p><a href="https://www.paypal.cm/verify">Bestätigen</a></p>',
  );
  assert.ok(rules(alone).includes('brand-in-sender-name'), rules(alone).join(','));
});

test('exemptions a stranger passing DMARC on its own domain cannot claim (review)', async () => {
  // The brand's word alone is no member; a compound service word is none either.
  const spar = await judge('"Sparkasse" <service@sparkasse-spar.de>', 'sparkasse-spar.de');
  assert.ok(rules(spar).includes('brand-in-sender-name'), rules(spar).join(','));
  const team = await judge(
    '"Sparkasse Sicherheitsteam" <service@sparkasse-sicherheitsteam.de>',
    'sparkasse-sicherheitsteam.de',
  );
  assert.ok(rules(team).includes('brand-in-sender-name'), rules(team).join(','));
  // A country domain linking to the brand's privacy page beside its own login link elsewhere.
  const cm = await brandMailWith(
    '"PayPal" <service@paypal.cm>',
    'paypal.cm',
    '<p>Your account has been limited. Verify your account within 24 hours.</p><p><a href="https://secure-login-check.example/paypal">Verify</a> <a href="https://www.paypal.com/privacy">Privacy</a></p>',
  );
  assert.ok(rules(cm).includes('brand-in-sender-name'), rules(cm).join(','));
  assert.notEqual(cm.verdict, 'clean');
});
