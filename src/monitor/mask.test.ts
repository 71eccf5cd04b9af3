import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskZone } from './mask.js';

test('maskZone hides a key label and leaves ordinary zones alone', () => {
  assert.equal(maskZone('abcdef0123456789abcdef01.zen.dq.spamhaus.net'), 'abcd….zen.dq.spamhaus.net');
  assert.equal(maskZone('zen.spamhaus.org'), 'zen.spamhaus.org');
  assert.equal(maskZone('b.barracudacentral.org'), 'b.barracudacentral.org');
  assert.equal(maskZone('bl.mxd.test'), 'bl.mxd.test');
});
