import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Findings } from './catalog.js';
import { checkLinks, spellsDomain } from './link-rules.js';
import type { Link } from './types.js';
import { normaliseLink } from './url.js';

function rulesFor(href: string, text = '', ownDomain: string | null = null): string[] {
  const link = normaliseLink(href, text, 'a');
  assert.ok(link, href);
  const out = new Findings();
  checkLinks([link as Link], ownDomain, out);
  return out.list().map((f) => f.rule);
}

test('brand domain in the subdomain of a foreign registrable domain', () => {
  assert.deepEqual(rulesFor('http://update.microsoft.com.1lfx.mx.com/'), ['brand-domain-in-host']);
  assert.deepEqual(rulesFor('https://login.microsoftonline.com/'), []);
  assert.ok(rulesFor('https://xn--pypal-4ve.com.secure-login.example.net/').includes('brand-domain-in-host'));
});

test('look-alike, punycode and typo-squatted brand domains', () => {
  assert.deepEqual(rulesFor('https://paypa1.com/'), ['brand-lookalike-domain']);
  assert.deepEqual(rulesFor('https://xn--pypal-4ve.com/'), ['brand-lookalike-domain']);
  assert.deepEqual(rulesFor('https://paypall.com/'), ['brand-typosquat-domain']);
  assert.deepEqual(rulesFor('https://xn--mnchen-3ya.de/'), ['punycode-domain']);
});

test('link text showing a brand domain while going elsewhere; rewriters and same-owner links pass', () => {
  assert.deepEqual(rulesFor('http://evil.example.com/', 'www.paypal.com'), ['link-text-brand-mismatch']);
  assert.deepEqual(rulesFor('http://evil.example.com/', 'www.paypal.com', 'example.com'), [
    'link-text-brand-mismatch',
  ]);
  assert.deepEqual(rulesFor('http://a.example.com/', 'b.example.net'), ['link-text-mismatch']);
  assert.deepEqual(rulesFor('http://a.example.com/', 'b.example.net', 'example.com'), []);
  assert.deepEqual(
    rulesFor(
      'https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.example.org',
      'www.example.org',
    ),
    [],
  );
  assert.deepEqual(rulesFor('https://www.microsoft.com/download', 'update.microsoft.com'), []);
  assert.deepEqual(rulesFor('https://www.youtube.com/watch', 'google.com'), []);
});

test('userinfo tricks, IP literals, shorteners, hosting, abused TLDs, script links', () => {
  assert.ok(rulesFor('https://www.paypal.com@203.0.113.9/').includes('userinfo-host-trick'));
  assert.ok(rulesFor('http://203.0.113.9/login').includes('ip-address-link'));
  assert.deepEqual(rulesFor('https://bit.ly/abc'), ['url-shortener']);
  assert.deepEqual(rulesFor('https://evil-proj.web.app/'), ['user-content-hosting']);
  assert.deepEqual(rulesFor('https://win-now.xyz/'), ['abused-tld-link']);
  assert.deepEqual(rulesFor('javascript:alert(1)'), ['script-or-data-link']);
  assert.deepEqual(rulesFor('https://correios.correiosbr-taxas.co.ua/'), ['brand-name-in-host']);
  assert.deepEqual(rulesFor('https://www.google.ro/'), []);
});

test('plain-text links to shorteners or shared hosting weigh less; private IPs do not count', () => {
  const run = (href: string, plainText: boolean) => {
    const out = new Findings();
    const link = normaliseLink(href, '', 'text');
    if (link) checkLinks([link], null, out, null, plainText);
    return out.list().map((f) => f.rule);
  };
  assert.deepEqual(run('https://goo.gl/abc', true), ['plain-text-hosted-link']);
  assert.deepEqual(run('https://goo.gl/abc', false), ['url-shortener']);
  assert.deepEqual(run('http://192.168.10.2/admin', false), []);
  assert.deepEqual(run('http://203.0.113.9/login', false), ['ip-address-link']);
});

test('a sender showing its own site through a click tracker is not a mismatch; another site still is', () => {
  const tracked = 'https://amxe.example.net/uxz7dfiv-o6cz2uk0';
  assert.deepEqual(rulesFor(tracked, 'stiftung.example.org', 'example.org'), []);
  assert.deepEqual(rulesFor(tracked, 'stiftung.example.org', null), ['link-text-mismatch']);
  assert.deepEqual(rulesFor(tracked, 'www.other.example.com', 'example.org'), ['link-text-mismatch']);
});

test("a link to the native spelling of the sender's own ASCII domain is not a foreign IDN", () => {
  assert.equal(spellsDomain('ökoligenta.de', 'oekoligenta.de'), true);
  assert.equal(spellsDomain('café.example', 'cafe.example'), true);
  assert.equal(spellsDomain('ökoligenta.de', 'other.de'), false);
  const idn = 'https://www.xn--koligenta-z7a.de/newsletter.pdf';
  assert.deepEqual(rulesFor(idn, '', 'oekoligenta.de'), []);
  assert.deepEqual(rulesFor(idn, '', 'example.org'), ['punycode-domain']);
});

test('a redirector to the very address the text shows is no mismatch; to another one it is', () => {
  const wrapped = 'https://www.google.com/url?q=https://acme.zoom.us/j/81234567890&sa=D&source=calendar';
  assert.deepEqual(rulesFor(wrapped, 'https://acme.zoom.us/j/81234567890'), []);
  const elsewhere = 'https://www.google.com/url?q=https://zoom-meeting.example-verify.com/j/1&sa=D';
  assert.deepEqual(rulesFor(elsewhere, 'https://acme.zoom.us/j/81234567890'), ['link-text-brand-mismatch']);
});

test("an ESP's click tracker behind the sender's own address shown (Klaviyo, Postmark, GovDelivery)", () => {
  assert.deepEqual(
    rulesFor('https://trk.klclick1.com/ls/click?upn=u001.def', 'www.ridge.com', 'ridgewallet.com'),
    [],
  );
  assert.deepEqual(rulesFor('https://lnks.gd/l/eyJhbGciOiJIUzI1NiJ9.abc', 'www.springfield.gov'), []);
});

test("a stranger's host taking ?url= is not a redirector that goes where the text says (review)", () => {
  const own = 'https://acme-login.com/go?url=https://www.paypal.com/myaccount';
  assert.deepEqual(rulesFor(own, 'https://www.paypal.com/myaccount'), ['link-text-brand-mismatch']);
  // The sender's own redirector is.
  assert.deepEqual(
    rulesFor('https://news.acme.example/r?url=https://www.paypal.com/', 'www.paypal.com', 'acme.example'),
    [],
  );
});
