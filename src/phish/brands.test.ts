import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BRANDS, brandsNamedIn, ownersOf } from './brands.js';
import table from './brands.json' with { type: 'json' };
import { domainInfo } from './url.js';

test('the brand table holds at least 100 brands, each with domains, and names its sources', () => {
  assert.ok(BRANDS.length >= 100, `${BRANDS.length} brands`);
  for (const brand of BRANDS) {
    assert.ok(brand.domains.length > 0, brand.name);
    assert.ok(brand.keywords.length > 0, brand.name);
  }
  assert.ok(table.sources.length > 0);
});

test('owners are found by registrable domain', () => {
  assert.equal(ownersOf('microsoft.com')[0]?.name, 'Microsoft');
  assert.equal(ownersOf('paypal.com')[0]?.name, 'PayPal');
  assert.deepEqual(ownersOf('mx.com'), []);
});

test('display names name brands as whole words, folding look-alike letters', () => {
  assert.deepEqual(
    brandsNamedIn('PayPal Service').map((b) => b.name),
    ['PayPal'],
  );
  assert.equal(brandsNamedIn('Ρаypal')[0]?.name, 'PayPal');
  assert.equal(brandsNamedIn('Mcafee™')[0]?.name, 'McAfee');
  assert.equal(brandsNamedIn('Sam’s Club Affiliate Offer')[0]?.name, "Sam's Club");
  assert.deepEqual(brandsNamedIn('Paypalooza Festival'), []);
});

test('brands that are everyday words match only with service words', () => {
  assert.equal(brandsNamedIn('Apple Support')[0]?.name, 'Apple');
  assert.deepEqual(brandsNamedIn('Jane Chase'), []);
  assert.deepEqual(brandsNamedIn('Apple Pie Recipes'), []);
  assert.deepEqual(brandsNamedIn('Target Practice Weekly'), []);
});

test('CJK keywords match as text, never folded to Latin look-alikes (イオン is not "t")', () => {
  assert.deepEqual(
    brandsNamedIn('T-Mobile').map((b) => b.name),
    ['T-Mobile'],
  );
  assert.deepEqual(brandsNamedIn('T Service'), []);
  assert.equal(brandsNamedIn('イオンカード')[0]?.name, 'Aeon');
});

test('brand domains are written as registrable domains (no suffix lookups at start-up)', () => {
  for (const brand of table.brands)
    for (const domain of brand.domains) {
      const registrable = domainInfo(domain).registrableDomain ?? domain;
      assert.equal(registrable, domain, `${brand.name}: ${domain}`);
    }
});
