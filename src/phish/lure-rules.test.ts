import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Findings } from './catalog.js';
import { checkLures, hasPhrase } from './lure-rules.js';

test('phrases match whole words only', () => {
  assert.equal(hasPhrase('congrats, you won a car', 'you won'), true);
  assert.equal(hasPhrase("you won't believe it", 'you won'), false);
  assert.equal(hasPhrase('prizefighter', 'prize'), false);
});

test('lure wording is a weak signal: one scam word is not enough', () => {
  const one = new Findings();
  checkLures('Our survey', 'Tell us what you think.', one);
  assert.deepEqual(one.list(), []);
  const seed = new Findings();
  checkLures('Install Critical Update for Microsoft Outlook', '', seed);
  assert.deepEqual(
    seed.list().map((f) => [f.rule, f.weight]),
    [['credential-lure', 1.5]],
  );
});
