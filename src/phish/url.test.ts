import assert from 'node:assert/strict';
import { test } from 'node:test';
import { domainInfo, hostInText, normaliseLink, redirectTargets } from './url.js';

test('registrable domain comes from the Public Suffix List, private suffixes included', () => {
  assert.equal(domainInfo('update.microsoft.com.1lfx.mx.com').registrableDomain, 'mx.com');
  assert.equal(domainInfo('evil-project.web.app').registrableDomain, 'evil-project.web.app');
  assert.equal(domainInfo('correios.correiosbr-taxas.co.ua').registrableDomain, 'correiosbr-taxas.co.ua');
});

test('normaliseLink decodes IDNA and numeric IPs and exposes userinfo', () => {
  const idn = normaliseLink('http://xn--pypal-4ve.com/login', '', 'a');
  assert.equal(idn?.host, 'pаypal.com');
  assert.equal(idn?.registrableDomain, 'xn--pypal-4ve.com');
  const ip = normaliseLink('http://0x7f.1/x', '', 'a');
  assert.equal(ip?.host, '127.0.0.1');
  assert.equal(ip?.isIp, true);
  const trick = normaliseLink('https://paypal.com@evil.example/', 'PayPal', 'a');
  assert.equal(trick?.userinfo, 'paypal.com');
  assert.equal(trick?.registrableDomain, 'evil.example');
  const pct = normaliseLink('http://%65vil.example/', '', 'a');
  assert.equal(pct?.host, 'evil.example');
});

test('normaliseLink keeps script schemes without a host and drops relative links', () => {
  const js = normaliseLink('javascript:alert(1)', 'click', 'a');
  assert.equal(js?.scheme, 'javascript');
  assert.equal(js?.host, null);
  assert.equal(normaliseLink('/relative/path', 'x', 'a'), null);
  assert.equal(normaliseLink('www.example.org/a', '', 'text')?.host, 'www.example.org');
});

test('redirect targets are unwrapped from query parameters, bounded in depth', () => {
  assert.deepEqual(redirectTargets('https://www.google.com/url?q=https://evil.example/a&sa=D'), [
    'https://evil.example/a',
  ]);
  let url = 'https://final.example/';
  for (let i = 0; i < 10; i++) url = `https://r${i}.example/?url=${encodeURIComponent(url)}`;
  assert.equal(redirectTargets(url).length, 3);
  assert.deepEqual(redirectTargets('https://example.org/?q=search+words'), []);
});

test('hostInText recognises hosts and URLs, not prose', () => {
  assert.equal(hostInText('update.microsoft.com'), 'update.microsoft.com');
  assert.equal(hostInText('https://PayPal.com/signin'), 'paypal.com');
  assert.equal(hostInText('Click here'), null);
  assert.equal(hostInText('Mr.Smith'), null);
});

test('a megabyte-long href is cut to MAX_URL_CHARS before parsing', () => {
  const link = normaliseLink(`http://example.org/${'a'.repeat(1_000_000)}`, '', 'a');
  assert.ok(link !== null && link.href.length <= 4096 + 1);
});
