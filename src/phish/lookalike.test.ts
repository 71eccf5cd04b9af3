import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editDistance, matchBrandLabel, skeleton } from './lookalike.js';

test('skeletons fold Unicode and ASCII confusables', () => {
  assert.equal(skeleton('pаypal'), 'paypal'); // Cyrillic а
  assert.equal(skeleton('rnicrosoft'), 'microsoft');
  assert.equal(skeleton('paypa1'), 'paypal');
  assert.equal(skeleton('g00gle'), 'google');
});

test('edit distance counts swaps as one and gives up past the bound', () => {
  assert.equal(editDistance('paypal', 'paypai', 2), 1);
  assert.equal(editDistance('amazon', 'amzaon', 2), 1);
  assert.equal(editDistance('microsoft', 'micrsooft', 2), 1);
  assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
});

test('brand labels: confusables and typos match, the real label and honest names do not', () => {
  assert.equal(matchBrandLabel('paypa1')?.how, 'confusable');
  assert.equal(matchBrandLabel('paypa1')?.brand.name, 'PayPal');
  assert.equal(matchBrandLabel('rnicrosoft')?.brand.name, 'Microsoft');
  assert.equal(matchBrandLabel('paypall')?.how, 'typo');
  assert.equal(matchBrandLabel('paypal'), null);
  assert.equal(matchBrandLabel('lindows'), null);
  assert.equal(matchBrandLabel('targets'), null);
  assert.equal(matchBrandLabel('example'), null);
});
