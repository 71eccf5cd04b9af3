import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_LINKS } from './limits.js';
import { findTextUrls } from './text-links.js';

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
