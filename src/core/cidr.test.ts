import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCidrSize, expandCidr, parseCidr } from './cidr.js';
import { MxError } from './errors.js';

describe('parseCidr / expandCidr', () => {
  it('canonicalises to the network address', () => {
    assert.equal(parseCidr('192.0.2.77/28')?.text, '192.0.2.64/28');
    assert.equal(parseCidr('192.0.2.77/28')?.size, 16n);
  });
  it('expands a /30 in order', () => {
    const ips = [...expandCidr(parseCidr('198.51.100.4/30')!)].map((i) => i.text);
    assert.deepEqual(ips, ['198.51.100.4', '198.51.100.5', '198.51.100.6', '198.51.100.7']);
  });
  it('expands across an octet boundary', () => {
    const ips = [...expandCidr(parseCidr('192.0.2.255/31')!)].map((i) => i.text);
    assert.deepEqual(ips, ['192.0.2.254', '192.0.2.255']);
  });
  it('expands IPv6 ranges', () => {
    const ips = [...expandCidr(parseCidr('2001:db8::/126')!)].map((i) => i.text);
    assert.deepEqual(ips, ['2001:db8::', '2001:db8::1', '2001:db8::2', '2001:db8::3']);
  });
  it('is lazy: a /16 is not materialised', () => {
    const it16 = expandCidr(parseCidr('10.1.0.0/16')!);
    assert.equal(it16.next().value?.text, '10.1.0.0');
  });
  it('returns null for non-CIDR text', () => {
    assert.equal(parseCidr('192.0.2.1'), null);
    assert.equal(parseCidr('192.0.2.1/33'), null);
    assert.equal(parseCidr('nope/24'), null);
  });
  it('refuses larger than /16 without force, with a clear message', () => {
    assert.doesNotThrow(() => assertCidrSize(parseCidr('10.0.0.0/16')!, false));
    assert.throws(
      () => assertCidrSize(parseCidr('10.0.0.0/15')!, false),
      (e: unknown) => {
        return (
          e instanceof MxError && e.code === 'input' && /larger than a \/16; pass --force/.test(e.message)
        );
      },
    );
    assert.doesNotThrow(() => assertCidrSize(parseCidr('10.0.0.0/15')!, true));
    assert.throws(() => assertCidrSize(parseCidr('0.0.0.0/0')!, true), /too large.*at most a \/8 for IPv4/);
  });
  it('names the IPv6 prefixes in IPv6 messages (not "/8 for IPv4")', () => {
    assert.throws(() => assertCidrSize(parseCidr('2001:db8::/32')!, true), /at most a \/104 for IPv6/);
    assert.throws(
      () => assertCidrSize(parseCidr('2001:db8::/111')!, false),
      /larger than a \/112; pass --force/,
    );
    assert.doesNotThrow(() => assertCidrSize(parseCidr('2001:db8::/112')!, false));
  });
});
