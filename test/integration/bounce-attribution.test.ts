import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { attributeBlocklist, extractRejectedIp } from '../../src/bounce/attribution.js';
import { builtinListNames } from '../../src/bounce/list-names.js';
import type { CatalogEntry } from '../../src/check/catalog-types.js';

const DIR = new URL('../fixtures/bounce/blocklists/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', DIR), 'utf8')) as Record<
  string,
  { name: string; zone: string | null; ip: string | null } | null | string
>;

test('the ATTRBL example from the issue gives AT&T, the IP and the delisting URL', () => {
  const got = attributeBlocklist(
    '553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks',
  );
  assert.ok(got);
  assert.equal(got.name, 'AT&T ATTRBL');
  assert.equal(got.ip, '198.51.100.7');
  assert.equal(got.delist, 'http://att.net/blocks');
  assert.ok(got.policy);
});

for (const [file, want] of Object.entries(cases)) {
  if (file.startsWith('$')) continue;
  test(`attribution: ${file}`, () => {
    const got = attributeBlocklist(readFileSync(new URL(file, DIR), 'utf8'));
    if (want === null) {
      assert.equal(got, null);
      return;
    }
    assert.ok(got, 'a list should be recognised');
    assert.equal(got.name, (want as { name: string }).name);
    assert.equal(got.zone, (want as { zone: string | null }).zone);
    assert.equal(got.ip, (want as { ip: string | null }).ip);
  });
}

test('the receiving host named by Exim/Postfix is not taken as the blocked IP', () => {
  const text =
    'host mx.example.net [192.0.2.99]: 554 5.7.1 Client host [203.0.113.9] blocked using bl.spamcop.net';
  assert.equal(extractRejectedIp(text), '203.0.113.9');
});

test('delisting facts come from the catalog passed in when it knows the zone', () => {
  const entry = {
    zone: 'dnsbl.example.net',
    name: 'Example DNSBL',
    delist: 'https://example.net/delist',
    policy: { kinds: ['auto-expiry'], text: 'Wait a day.' },
  } as unknown as CatalogEntry;
  const got = attributeBlocklist('550 5.7.1 Client host [203.0.113.5] blocked using dnsbl.example.net', {
    catalog: [entry],
    names: builtinListNames(),
  });
  assert.equal(got?.name, 'Example DNSBL');
  assert.equal(got?.delist, 'https://example.net/delist');
  assert.equal(got?.policy, 'Wait a day.');
});

test('hostile input: long runs of digits and dots finish and name nothing', () => {
  const text = `${'1.'.repeat(200_000)} listed in ${'a.'.repeat(100_000)}`;
  assert.equal(attributeBlocklist(text), null);
  // The same wording with a real zone after it is still read: the bound is on the text, not the rule.
  assert.equal(
    attributeBlocklist(`550 listed in bl.example.org ${'1.'.repeat(50_000)}`)?.zone,
    'bl.example.org',
  );
});
