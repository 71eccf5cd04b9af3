import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeBlocklist, extractRejectedIp } from './attribution.js';

test('the ATTRBL example from the issue gives AT&T, the IP and the delisting URL', () => {
  const got = attributeBlocklist(
    '553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks',
  );
  assert.equal(got?.name, 'AT&T ATTRBL');
  assert.equal(got?.ip, '198.51.100.7');
  assert.equal(got?.delist, 'http://att.net/blocks');
});

test('a DNSBL zone in Postfix wording is recognised even when not in the data', () => {
  const got = attributeBlocklist(
    '554 5.7.1 Service unavailable; Client host [203.0.113.4] blocked using rbl.example.org',
  );
  assert.equal(got?.zone, 'rbl.example.org');
  assert.equal(got?.ip, '203.0.113.4');
});

test('no list named: null', () => {
  assert.equal(
    attributeBlocklist('550 5.1.1 <a@example.net>: Recipient address rejected: User unknown'),
    null,
  );
  assert.equal(extractRejectedIp('no address here'), null);
});
