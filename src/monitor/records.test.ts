import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { diffRecords, NONE, readMailRecords } from './records.js';

const zone = {
  'example.test': {
    MX: [
      { preference: 20, exchange: 'MX2.example.test.' },
      { preference: 10, exchange: 'mx1.example.test.' },
    ],
    TXT: ['v=spf1   mx -all', 'google-site-verification=x'],
  },
  '_dmarc.example.test': { TXT: ['v=DMARC1; p=reject'] },
  '_smtp._tls.example.test': { TXT: ['v=TLSRPTv1; rua=mailto:tls@example.test'] },
  'mx1.example.test': { A: ['192.0.2.1'], AAAA: ['2001:db8::1'] },
  'mx2.example.test': { A: ['192.0.2.2'] },
  '1.2.0.192.in-addr.arpa': { PTR: ['mx1.example.test.'] },
  '2.2.0.192.in-addr.arpa': { PTR: ['elsewhere.test.'] },
  '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': { PTR: ['mx1.example.test.'] },
  'elsewhere.test': { A: ['198.51.100.1'] },
} satisfies FakeZone;

test('mail records: each kind one normalised string; absent ones are (none); PTRs with forward confirmation', async () => {
  const records = await readMailRecords('example.test', createFakeResolver(zone));
  assert.deepEqual(Object.fromEntries(records), {
    mx: '10 mx1.example.test, 20 mx2.example.test',
    spf: 'v=spf1 mx -all',
    dmarc: 'v=DMARC1; p=reject',
    'mta-sts': NONE,
    'tls-rpt': 'v=TLSRPTv1; rua=mailto:tls@example.test',
    ptr: '192.0.2.1=mx1.example.test, 192.0.2.2=elsewhere.test (not forward-confirmed)',
    ptr6: '2001:db8::1=mx1.example.test',
  });
});

test('a failed lookup leaves its kind out this cycle (never read as removed)', async () => {
  const failing: FakeZone = {
    ...zone,
    '_dmarc.example.test': { TXT: 'timeout' },
    'mx2.example.test': { A: 'servfail' },
  };
  const records = await readMailRecords('example.test', createFakeResolver(failing));
  assert.equal(records.has('dmarc'), false);
  // One MX host's addresses unknown: the PTR kind is skipped, not computed from the other host.
  assert.equal(records.has('ptr'), false);
  assert.equal(records.get('ptr6'), '2001:db8::1=mx1.example.test');
  assert.equal(records.get('spf'), 'v=spf1 mx -all');
});

test('diffRecords: a changed kind is reported; a kind seen for the first time is a silent baseline', () => {
  const before = new Map([
    ['spf', 'v=spf1 mx -all'],
    ['mx', '10 a'],
  ]);
  const after = new Map([
    ['spf', 'v=spf1 mx ~all'],
    ['mx', '10 a'],
    ['ptr6', '2001:db8::1=a'],
  ]);
  assert.deepEqual(diffRecords(before, after), [
    { kind: 'spf', before: 'v=spf1 mx -all', after: 'v=spf1 mx ~all' },
  ]);
});
