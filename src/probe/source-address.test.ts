import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddress, trustedSourceReason } from './source-address.js';

describe('parseAddress', () => {
  it('parses IPv4, IPv6 (compressed, embedded IPv4), brackets and zones; rejects the rest', () => {
    assert.deepEqual(parseAddress('192.0.2.1')?.bytes, [192, 0, 2, 1]);
    assert.equal(parseAddress('::1')?.bytes.at(-1), 1);
    assert.equal(parseAddress('[fe80::1%eth0]')?.family, 6);
    assert.deepEqual(parseAddress('::ffff:10.1.2.3'), { family: 4, bytes: [10, 1, 2, 3], text: '10.1.2.3' });
    assert.equal(parseAddress('2001:db8::1:2:3:4:5')?.bytes.length, 16);
    for (const bad of ['', '1.2.3', '256.1.1.1', '1:2:3:4:5:6:7:8:9', '1::2::3', 'mx.example', '::g'])
      assert.equal(parseAddress(bad), null, bad);
  });
});

describe('trustedSourceReason (issue 10 item 5)', () => {
  it('loopback sources are trusted by Debian Postfix (mynetworks 127.0.0.0/8 [::1]/128)', () => {
    assert.equal(trustedSourceReason('127.0.0.1', '127.0.0.1'), 'loopback');
    assert.equal(trustedSourceReason('127.0.0.5', '198.51.100.25'), 'loopback');
    assert.equal(trustedSourceReason('::1', '::1'), 'loopback');
    assert.equal(trustedSourceReason('::ffff:127.0.0.1', '127.0.0.1'), 'loopback');
  });

  it("the server's own address and the same private network are trusted", () => {
    assert.equal(trustedSourceReason('198.51.100.25', '198.51.100.25'), "the server's own address");
    assert.match(trustedSourceReason('192.168.1.10', '192.168.1.25') ?? '', /192\.168\/16/);
    assert.match(trustedSourceReason('10.0.0.5', '10.200.3.4') ?? '', /10\/8/);
    assert.match(trustedSourceReason('172.16.0.5', '172.31.3.4') ?? '', /172\.16\/12/);
    assert.match(trustedSourceReason('fd12:3456:789a:1::5', 'fd12:3456:789a:2::25') ?? '', /ULA/);
    assert.match(trustedSourceReason('fe80::1', 'fe80::2') ?? '', /link-local/);
  });

  it('an outside address, a different private block, another ULA site: not trusted', () => {
    assert.equal(trustedSourceReason('192.0.2.1', '198.51.100.25'), null);
    assert.equal(trustedSourceReason('10.0.0.5', '192.168.1.25'), null);
    assert.equal(trustedSourceReason('192.168.1.10', '198.51.100.25'), null);
    assert.equal(trustedSourceReason('fd12:3456:789a::5', 'fd99:3456:789a::25'), null);
    assert.equal(trustedSourceReason('10.0.0.5', 'fd00::1'), null);
    assert.equal(trustedSourceReason(null, '10.0.0.5'), null);
  });
});
