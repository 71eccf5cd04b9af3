import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver } from '../../test/helpers/fake-resolver.js';
import { parseIp } from '../core/ip.js';
import { examineReverseDns } from './rdns.js';

const status = (items: { id: string; status: string }[], prefix: string) =>
  items.find((i) => i.id.startsWith(prefix))?.status;

describe('examineReverseDns', () => {
  it('confirms a PTR whose name points back (IPv6 compared by value, not by spelling)', async () => {
    const ip = parseIp('2001:db8::25')!;
    const resolver = createFakeResolver({
      '5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa': { PTR: ['mail.a.test'] },
      'mail.a.test': { AAAA: ['2001:0db8:0000:0000:0000:0000:0000:0025'] },
    });
    const found = await examineReverseDns(ip, resolver);
    assert.deepEqual(found.confirmed, ['mail.a.test']);
    assert.equal(status(found.items, 'rdns.fcrdns'), 'ok');
    assert.equal(status(found.items, 'rdns.generic'), 'ok');
  });

  it('reports a missing PTR, a PTR that does not point back, and a DNS failure as unknown', async () => {
    const ip = parseIp('192.0.2.7')!;
    const none = await examineReverseDns(ip, createFakeResolver({}));
    assert.equal(status(none.items, 'rdns.ptr'), 'problem');
    const dangling = await examineReverseDns(
      ip,
      createFakeResolver({
        '7.2.0.192.in-addr.arpa': { PTR: ['mail.a.test'] },
        'mail.a.test': { A: ['192.0.2.8'] },
      }),
    );
    assert.equal(status(dangling.items, 'rdns.fcrdns'), 'problem');
    const failed = await examineReverseDns(
      ip,
      createFakeResolver({ '7.2.0.192.in-addr.arpa': { PTR: 'servfail' } }),
    );
    assert.equal(status(failed.items, 'rdns.ptr'), 'unknown');
    assert.equal(failed.names, null);
  });

  it('flags a dynamic-looking PTR', async () => {
    const ip = parseIp('192.0.2.7')!;
    const resolver = createFakeResolver({
      '7.2.0.192.in-addr.arpa': { PTR: ['dhcp-192-0-2-7.pool.isp.test'] },
      'dhcp-192-0-2-7.pool.isp.test': { A: ['192.0.2.7'] },
    });
    const found = await examineReverseDns(ip, resolver);
    assert.equal(status(found.items, 'rdns.generic'), 'problem');
    assert.equal(status(found.items, 'rdns.fcrdns'), 'ok');
  });
});
