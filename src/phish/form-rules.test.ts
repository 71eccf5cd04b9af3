/**
 * Contact-form spam against a site's own form mail. Messages written for these tests after the
 * shape of the form spam in the modern dev half (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { formRelayMark } from './form-rules.js';
import type { PhishReport } from './types.js';

async function judge(headers: string[], text: string): Promise<PhishReport> {
  const all = [
    ...headers,
    'To: <devel@lists.example.org>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${all.join('\r\n')}\r\n\r\n${text}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);
const DKIM =
  'Authentication-Results: mx.example.net; dkim=pass header.d=bakery-haarlem.nl; spf=pass smtp.mailfrom=bakery-haarlem.nl';

test("a site's form relaying a stranger's link to a third domain is suspicious", async () => {
  const report = await judge(
    [
      DKIM,
      'From: WordPress <info@bakery-haarlem.nl>',
      'Subject: Bild: Sind Sie es leid, in Schulden zu leben?',
    ],
    'Sind Sie es leid, in Schulden zu leben? Es gibt einen Ausweg. http://bitcoin-news.quickprize.com/news-4530',
  );
  assert.ok(rules(report).includes('form-relay-link'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test("a form's auto-reply echoing a link, found by its footer", async () => {
  const report = await judge(
    ['From: Haus Personal <website@hauspersonal.de>', 'Subject: Ihre Kontaktaufnahme'],
    'Nachrichtentext: ONLINE VERDIENEN https://earn-fast.example-cash.com/x\n-- Diese E-Mail wurde von einem Kontaktformular von Haus Personal (https://hauspersonal.de) gesendet',
  );
  assert.ok(rules(report).includes('form-relay-link'), rules(report).join(','));
});

test("WordPress's own notice linking to the site, and a customer's enquiry without a link, are clean", async () => {
  const notice = await judge(
    [DKIM, 'From: WordPress <wordpress@bakery-haarlem.nl>', 'Subject: [Bakery] New user registration'],
    'New user registration on your site Bakery:\nUsername: jan\nhttps://bakery-haarlem.nl/wp-admin/users.php\nhttps://wordpress.org/support/',
  );
  assert.ok(!rules(notice).includes('form-relay-link'), rules(notice).join(','));
  assert.equal(notice.verdict, 'clean');
  const enquiry = await judge(
    [DKIM, 'From: Bakery <info@bakery-haarlem.nl>', 'Subject: Contact request'],
    'Name: Jan\nMessage Body:\nDo you bake gluten-free bread?\n-- This e-mail was sent from a contact form on Bakery (https://bakery-haarlem.nl)',
  );
  assert.ok(!rules(enquiry).includes('form-relay-link'), rules(enquiry).join(','));
});

test('form marks: the wordpress@ sender, a form footer, field labels; ordinary text is none', () => {
  assert.equal(formRelayMark('Site', 'wordpress@example.nl', 'hello'), 'wordpress@example.nl');
  assert.equal(
    formRelayMark('Acme', 'info@acme.fr', 'Message envoyé depuis le formulaire de contact'),
    'depuis le formulaire de contact',
  );
  assert.equal(formRelayMark('Acme', 'info@acme.de', 'Bitte benutzen Sie unser Kontaktformular.'), null);
});

test('a shop\'s order confirmation with a "Ihre Kontaktdaten:" section is no form mail (review)', () => {
  assert.equal(
    formRelayMark('Shop', 'bestellung@shop.example', 'Vielen Dank! Ihre Kontaktdaten: Jana Beispiel, Berlin'),
    null,
  );
});
