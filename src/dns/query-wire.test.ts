import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { encodeQuery } from './query-wire.js';
import type { RecordType } from './types.js';

const reference = (name: string, type: RecordType): Buffer =>
  dnsPacket.encode({
    type: 'query',
    id: 0,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: 1232 } as dnsPacket.Answer],
  });

describe('encodeQuery', () => {
  const cases: [string, RecordType][] = [
    ['2.0.0.127.zen.spamhaus.org', 'A'],
    ['2.0.0.127.zen.spamhaus.org', 'TXT'],
    ['example.com', 'MX'],
    ['b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa', 'PTR'],
    ['mail.example.com', 'AAAA'],
    ['www.example.com', 'CNAME'],
    ['example.com', 'NS'],
    ['xn--bcher-kva.example', 'A'],
    ['', 'NS'],
    ['a', 'A'],
    ['bücher.example', 'A'],
    [`${'x'.repeat(63)}.${'y'.repeat(63)}.${'z'.repeat(63)}.${'w'.repeat(61)}`, 'A'],
  ];
  for (const [name, type] of cases) {
    it(`is byte-for-byte what dns-packet encodes: ${type} ${name || '(root)'}`, () => {
      assert.deepEqual(encodeQuery(name, type, 1232), reference(name, type));
    });
  }

  it('decodes back to the question asked', () => {
    const packet = encodeQuery('1.2.0.192.bl.example', 'A', 1232);
    assert.ok(Buffer.isBuffer(packet));
    const decoded = dnsPacket.decode(packet);
    assert.deepEqual(decoded.questions, [{ name: '1.2.0.192.bl.example', type: 'A', class: 'IN' }]);
    assert.equal(decoded.flag_rd, true);
  });

  it('names what is wrong with a name that cannot be sent', () => {
    assert.match(String(encodeQuery('a..b', 'A', 1232)), /empty label/);
    assert.match(String(encodeQuery('.a', 'A', 1232)), /empty label/);
    assert.match(String(encodeQuery('a.', 'A', 1232)), /empty label/);
    assert.ok(Buffer.isBuffer(encodeQuery(`${'x'.repeat(63)}.example`, 'A', 1232)), '63 bytes is a label');
    assert.match(String(encodeQuery(`${'x'.repeat(64)}.example`, 'A', 1232)), /longer than 63/);
    assert.match(String(encodeQuery(Array(130).fill('ab').join('.'), 'A', 1232)), /longer than 255/);
  });
});
