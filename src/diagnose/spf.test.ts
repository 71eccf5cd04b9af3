import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { examineSpf, senderAddresses } from './spf.js';
import type { MxHost } from './types.js';

const MX: MxHost[] = [{ exchange: 'mx.good.test', preference: 10, addresses: ['192.0.2.25'], error: null }];

function chain(depth: number): FakeZone {
  const zone: FakeZone = { 'long.test': { TXT: ['v=spf1 include:s1.long.test -all'] } };
  for (let i = 1; i <= depth; i++) {
    zone[`s${i}.long.test`] = {
      TXT: [i < depth ? `v=spf1 include:s${i + 1}.long.test -all` : 'v=spf1 ip4:198.51.100.0/24 -all'],
    };
  }
  return zone;
}

function byId(items: { id: string }[], id: string) {
  const found = items.find((i) => i.id === id);
  assert.ok(found, `no item ${id} in ${items.map((i) => i.id).join(', ')}`);
  return found as (typeof items)[number] & { status: string; evidence: string[]; title: string };
}

describe('examineSpf', () => {
  it('passes a record that authorises the MX and ends in -all', async () => {
    const resolver = createFakeResolver({
      'good.test': {
        TXT: ['v=spf1 mx include:_spf.good.test -all'],
        MX: [{ preference: 10, exchange: 'mx.good.test' }],
      },
      '_spf.good.test': { TXT: ['v=spf1 ip4:203.0.113.0/24 -all'] },
      'mx.good.test': { A: ['192.0.2.25'] },
    });
    const items = (await examineSpf('good.test', resolver, MX)).items;
    assert.equal(byId(items, 'spf.record').status, 'ok');
    assert.equal(byId(items, 'spf.all').status, 'ok');
    const lookups = byId(items, 'spf.lookups');
    assert.equal(lookups.status, 'ok');
    assert.match(lookups.title, /uses 2 of 10/);
    assert.equal(byId(items, 'spf.mx:192.0.2.25').status, 'ok');
  });

  it('reports a chain of 11 includes as a permerror naming the lookups', async () => {
    const items = (await examineSpf('long.test', createFakeResolver(chain(11)), [])).items;
    const lookups = byId(items, 'spf.lookups');
    assert.equal(lookups.status, 'problem');
    assert.match(lookups.title, /more than 10/);
    assert.ok(lookups.evidence.some((e) => e.includes('TXT s10.long.test')));
  });

  it('accepts a chain of exactly 10 lookups and warns that it is at the limit', async () => {
    const items = (await examineSpf('long.test', createFakeResolver(chain(10)), [])).items;
    const lookups = byId(items, 'spf.lookups');
    assert.equal(lookups.status, 'warning');
    assert.match(lookups.title, /uses 10 of 10/);
  });

  it('flags +all as a problem and ?all as a warning', async () => {
    const plus = (await examineSpf('a.test', createFakeResolver({ 'a.test': { TXT: ['v=spf1 +all'] } }), []))
      .items;
    assert.equal(byId(plus, 'spf.all').status, 'problem');
    const neutral = (
      await examineSpf('a.test', createFakeResolver({ 'a.test': { TXT: ['v=spf1 ip4:192.0.2.1 ?all'] } }), [])
    ).items;
    assert.equal(byId(neutral, 'spf.all').status, 'warning');
  });

  it('reports a missing record, two records, and a DNS failure as unknown (never ok)', async () => {
    const none = (
      await examineSpf(
        'a.test',
        createFakeResolver({ 'a.test': { TXT: ['google-site-verification=x'] } }),
        [],
      )
    ).items;
    assert.equal(byId(none, 'spf.record').status, 'problem');
    const two = (
      await examineSpf(
        'a.test',
        createFakeResolver({ 'a.test': { TXT: ['v=spf1 -all', 'v=spf1 mx -all'] } }),
        [],
      )
    ).items;
    assert.match(byId(two, 'spf.record').title, /2 SPF records/);
    const failed = (await examineSpf('a.test', createFakeResolver({ 'a.test': { TXT: 'timeout' } }), []))
      .items;
    assert.equal(byId(failed, 'spf.record').status, 'unknown');
    const inner = (
      await examineSpf(
        'a.test',
        createFakeResolver({
          'a.test': { TXT: ['v=spf1 include:b.test -all'] },
          'b.test': { TXT: 'servfail' },
        }),
        [],
      )
    ).items;
    assert.equal(byId(inner, 'spf.lookups').status, 'unknown');
  });

  it('counts void lookups and fails past two', async () => {
    const two = (
      await examineSpf(
        'v.test',
        createFakeResolver({ 'v.test': { TXT: ['v=spf1 a:x1.v.test a:x2.v.test -all'] } }),
        [],
      )
    ).items;
    assert.equal(byId(two, 'spf.void').status, 'warning');
    const three = (
      await examineSpf(
        'v.test',
        createFakeResolver({ 'v.test': { TXT: ['v=spf1 a:x1.v.test a:x2.v.test a:x3.v.test -all'] } }),
        [],
      )
    ).items;
    assert.equal(byId(three, 'spf.void').status, 'problem');
  });

  it('warns when an MX address is not authorised', async () => {
    const resolver = createFakeResolver({ 'a.test': { TXT: ['v=spf1 ip4:203.0.113.5 -all'] } });
    const items = (await examineSpf('a.test', resolver, MX)).items;
    const mx = byId(items, 'spf.mx:192.0.2.25');
    assert.equal(mx.status, 'warning');
    assert.match(mx.title, /not authorised/);
  });

  it('takes single sending addresses from the record', () => {
    assert.deepEqual(
      senderAddresses('v=spf1 ip4:192.0.2.1 ip4:198.51.100.0/24 +ip4:192.0.2.2/32 ip6:2001:db8::1 mx -all'),
      ['192.0.2.1', '192.0.2.2', '2001:db8::1'],
    );
    assert.deepEqual(senderAddresses('v=spf1 ip4:192.0.2.1 ip4:192.0.2.2 ip4:192.0.2.3', 2), [
      '192.0.2.1',
      '192.0.2.2',
    ]);
  });
});
