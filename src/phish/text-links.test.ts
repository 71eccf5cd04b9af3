import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_LINKS } from './limits.js';
import { collectLinks } from './links.js';
import { findTextUrls, MAX_BARE_URLS } from './text-links.js';

test('finds http, https and www. URLs and drops sentence punctuation', () => {
  const { urls } = findTextUrls(
    'See https://example.org/a. Or (www.example.net/b), or http://x.example/c?d=1!',
  );
  assert.deepEqual(urls, ['https://example.org/a', 'www.example.net/b', 'http://x.example/c?d=1']);
});

test('ignores www inside words and stops at angle brackets and quotes', () => {
  assert.deepEqual(findTextUrls('awww.shucks <https://a.example/x>').urls, ['https://a.example/x']);
});

test('hostile text is bounded in links and time (linear scan)', () => {
  const many = findTextUrls('http://a.example/ '.repeat(MAX_LINKS * 3));
  assert.equal(many.urls.length, MAX_LINKS);
  assert.equal(many.truncated, true);
  const long = findTextUrls(`http://${'a'.repeat(3_000_000)}`);
  assert.equal(long.truncated, true);
  assert.ok((long.urls[0]?.length ?? 0) <= 4096);
});

test('finds links typed without a scheme: in a sentence and at the start of a line', () => {
  const { urls, bare } = findTextUrls(
    'Your parcel is held, pay at transfer705.pages.dev/invoice today.\nsecure-login.example-bank.xyz/verify?id=3\n',
  );
  assert.deepEqual(urls, []);
  assert.deepEqual(bare, ['transfer705.pages.dev/invoice', 'secure-login.example-bank.xyz/verify?id=3']);
});

test('scheme-less links leave out bare domains, addresses, file names, versions and scheme URLs', () => {
  for (const text of [
    'Regards, example.com',
    'write to john@example.com/x',
    'open file.txt/ now',
    'upgrade to v1.2/3',
    'see foo.bar.example.com.', // no path
    'the path docs/setup.example.com/x',
    'net 203.0.113.0/24 is ours',
  ])
    assert.deepEqual(findTextUrls(text).bare, [], text);
  const scan = findTextUrls('go to https://transfer705.pages.dev/invoice or www.example.xyz/a');
  assert.deepEqual(scan.urls, ['https://transfer705.pages.dev/invoice', 'www.example.xyz/a']);
  assert.deepEqual(scan.bare, []);
});

test('scheme-less links are bounded in number and scanned in linear time', () => {
  assert.equal(findTextUrls('a.example.xyz/b '.repeat(1000)).bare.length, MAX_BARE_URLS);
  const started = performance.now();
  findTextUrls(`${'a.'.repeat(400_000)}/`);
  findTextUrls(`x ${'ab'.repeat(400_000)}.xyz/`);
  findTextUrls(' a.b'.repeat(200_000));
  assert.ok(performance.now() - started < 2000);
});

test('collectLinks adds scheme-less links once, and not when their host is already linked', () => {
  const set = collectLinks(
    null,
    'Pay at https://pay.example.xyz/a or pay.example.xyz/b, then transfer705.pages.dev/invoice and transfer705.pages.dev/x',
  );
  assert.deepEqual(
    set.links.map((l) => [l.href, l.source, l.registrableDomain]),
    [
      ['https://pay.example.xyz/a', 'text', 'example.xyz'],
      ['http://transfer705.pages.dev/invoice', 'text', 'transfer705.pages.dev'],
    ],
  );
});
