/**
 * Readings corrected after review: what a server said with a reply code is its answer, not a
 * network fault. Wordings written here (none copied from a corpus).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;

test("a server's '554 Connection refused' is its refusal; a connection that failed is the network's", () => {
  assert.notEqual(first('554 Connection refused').reason, 'networkerror');
  assert.notEqual(first('554 5.7.1 Connection refused').reason, 'networkerror');
  assert.equal(first('connect to mx.example.net[192.0.2.25]:25: Connection refused').reason, 'networkerror');
  assert.equal(
    first('554 4.4.7 Message expired: <421 4.4.2 Connection timed out>').reason === 'blocked',
    false,
  );
});
