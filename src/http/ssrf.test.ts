import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compilePolicy, refusalFor } from '../core/address-policy.js';
import { MxError } from '../core/errors.js';
import { assertAllowed, RefusedAddressError } from './ssrf.js';

describe('SSRF address policy', () => {
  const strict = compilePolicy({ allow: [] });

  it('allows global unicast only by default', () => {
    assert.equal(refusalFor('8.8.8.8', strict), null);
    assert.equal(refusalFor('2a00:1450:4001::1', strict), null);
    for (const ip of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.5.4',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
    ])
      assert.match(refusalFor(ip, strict) ?? '', /refused/, ip);
  });

  it('names the config key that opens a range', () => {
    assert.match(refusalFor('127.0.0.1', strict)!, /allow\.loopback/);
    assert.match(refusalFor('10.0.0.1', strict)!, /allow\.private/);
  });

  it('opens loopback, private or a CIDR when the config says so, and nothing more', () => {
    const loopback = compilePolicy({ allow: ['loopback'] });
    assert.equal(refusalFor('127.0.0.1', loopback), null);
    assert.equal(refusalFor('::1', loopback), null);
    assert.match(refusalFor('10.0.0.1', loopback)!, /refused/);
    const cidr = compilePolicy({ allow: ['10.1.0.0/16'] });
    assert.equal(refusalFor('10.1.2.3', cidr), null);
    assert.match(refusalFor('10.2.0.1', cidr)!, /refused/);
  });

  it('rejects a bad allow entry at start-up and throws a refusal as its own error', () => {
    assert.throws(() => compilePolicy({ allow: ['lan'] }), MxError);
    assert.throws(() => assertAllowed('10.0.0.1', strict), RefusedAddressError);
    assert.doesNotThrow(() => assertAllowed('192.0.2.1', compilePolicy({ allow: ['192.0.2.0/24'] })));
  });
});
