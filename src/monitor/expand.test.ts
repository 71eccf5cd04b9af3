import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { expandTarget } from './expand.js';

const zone = {
  'example.test': {
    MX: [{ preference: 10, exchange: 'mx.example.test.' }],
    TXT: ['v=spf1 mx ip4:192.0.2.128/31 include:_spf.example.test ~all'],
  },
  'mx.example.test': { A: ['192.0.2.25'], AAAA: ['2001:db8::25'] },
  '_spf.example.test': { TXT: ['v=spf1 a:out.example.test ip4:10.0.0.0/8 -all'] },
  'out.example.test': { A: ['192.0.2.26'] },
  // Handed to a provider with redirect= (no `all` of its own).
  'handed.test': { TXT: ['v=spf1 redirect=_spf.provider.test'] },
  '_spf.provider.test': { TXT: ['v=spf1 ip4:198.51.100.7 -all'] },
  // A redirect after an `all` is ignored (RFC 7208 §6.1).
  'both.test': { TXT: ['v=spf1 ip4:198.51.100.8 -all redirect=_spf.provider.test'] },
  'loop.test': { TXT: ['v=spf1 include:loop.test -all'] },
  'broken.test': { MX: 'timeout', TXT: ['v=spf1 ip4:198.51.100.9 -all'] },
} satisfies FakeZone;

const texts = (e: Awaited<ReturnType<typeof expandTarget>>) => e.addresses.map((a) => a.text).sort();

test('a domain: its MX addresses and SPF addresses (mx, ip4 range, include, a), ranges too wide noted', async () => {
  const e = await expandTarget('example.test', createFakeResolver(zone));
  assert.equal(e.domain, 'example.test');
  assert.deepEqual(texts(e), ['192.0.2.128', '192.0.2.129', '192.0.2.25', '192.0.2.26', '2001:db8::25']);
  assert.deepEqual(e.notes, [
    'SPF range 10.0.0.0/8 is wider than 256 addresses: not watched (add it as a target)',
  ]);
});

test('SPF redirect= is followed when no all ends the record', async () => {
  assert.deepEqual(texts(await expandTarget('handed.test', createFakeResolver(zone))), ['198.51.100.7']);
  assert.deepEqual(texts(await expandTarget('both.test', createFakeResolver(zone))), ['198.51.100.8']);
});

test('an include loop stops at 10 lookups, said once; a failed lookup is a note, not "no MX"', async () => {
  const loop = await expandTarget('loop.test', createFakeResolver(zone));
  assert.deepEqual(loop.notes, ['loop.test: SPF needs more than 10 lookups; the rest is not watched']);
  const broken = await expandTarget('broken.test', createFakeResolver(zone));
  assert.deepEqual(texts(broken), ['198.51.100.9']);
  assert.deepEqual(broken.notes, ['broken.test: MX lookup timeout']);
});

test('an IP is itself, a range its addresses', async () => {
  const resolver = createFakeResolver(zone);
  assert.deepEqual(texts(await expandTarget('192.0.2.1', resolver)), ['192.0.2.1']);
  assert.equal((await expandTarget('192.0.2.0/30', resolver)).addresses.length, 4);
  assert.deepEqual(resolver.queries, []);
});
