import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isLoopbackV4, parseIp, ptrName, reverseIp } from './ip.js';

describe('parseIp', () => {
  it('parses IPv4 and IPv6, canonicalising IPv6', () => {
    assert.deepEqual(parseIp('192.0.2.6'), { text: '192.0.2.6', family: 4 });
    assert.deepEqual(parseIp('2001:DB8:0:0::2'), { text: '2001:db8::2', family: 6 });
  });
  it('turns an IPv4-mapped IPv6 address into IPv4', () => {
    assert.deepEqual(parseIp('::ffff:192.0.2.1'), { text: '192.0.2.1', family: 4 });
  });
  it('rejects shorthand IPv4 forms a mail admin never means', () => {
    assert.equal(parseIp('127.1'), null);
    assert.equal(parseIp('0x7f.0.0.1'), null);
    assert.equal(parseIp('256.1.1.1'), null);
    assert.equal(parseIp('example.com'), null);
    assert.equal(parseIp(''), null);
  });
});

describe('reverseIp (RFC 5782 §2.1, §2.4)', () => {
  it('reverses IPv4 octets', () => {
    assert.equal(reverseIp(parseIp('192.0.2.6')!), '6.2.0.192');
  });
  it('reverses 32 IPv6 nibbles, fully expanded', () => {
    assert.equal(
      reverseIp(parseIp('2001:db8:1:2:3:4:567:89ab')!),
      'b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.8.b.d.0.1.0.0.2',
    );
    const rev = reverseIp(parseIp('2001:db8::2')!);
    assert.equal(rev.split('.').length, 32);
    assert.ok(rev.startsWith('2.0.0.0.'));
    assert.ok(rev.endsWith('.8.b.d.0.1.0.0.2'));
  });
  it('builds PTR names', () => {
    assert.equal(ptrName(parseIp('192.0.2.6')!), '6.2.0.192.in-addr.arpa');
    assert.ok(ptrName(parseIp('::1')!).endsWith('.ip6.arpa'));
  });
  it('recognises 127/8', () => {
    assert.equal(isLoopbackV4('127.0.0.2'), true);
    assert.equal(isLoopbackV4('10.0.0.2'), false);
  });
});
