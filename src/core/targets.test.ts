import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normaliseDomain } from './domain.js';
import { parseTarget, parseTargets, splitTargetLines } from './targets.js';

describe('parseTarget', () => {
  it('classifies IPs, ranges and domains', () => {
    assert.equal(parseTarget('198.51.100.7').kind, 'ip');
    assert.equal(parseTarget('[2001:db8::1]').kind, 'ip');
    assert.equal(parseTarget('192.0.2.0/24').kind, 'cidr');
    const d = parseTarget('Mail.Example.COM.');
    assert.equal(d.kind, 'domain');
    assert.equal(d.kind === 'domain' && d.domain, 'mail.example.com');
  });
  it('names an invalid target in the error', () => {
    assert.throws(
      () => parseTarget('not a host!'),
      /not a host!: not an IP address, CIDR range or host name/,
    );
    assert.throws(() => parseTarget('192.0.2.0/99'), /192.0.2.0\/99: not a valid CIDR range/);
  });
  it('keeps the valid targets and reports the invalid ones', () => {
    const { targets, problems } = parseTargets(['192.0.2.1', 'bad..name', 'example.org']);
    assert.equal(targets.length, 2);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.input, 'bad..name');
  });
});

describe('splitTargetLines', () => {
  it('skips comments and blank lines', () => {
    assert.deepEqual(
      splitTargetLines('# list\n192.0.2.1\n\n  example.com # our domain\r\n10.0.0.0/30,192.0.2.2\n'),
      ['192.0.2.1', 'example.com', '10.0.0.0/30', '192.0.2.2'],
    );
  });
});

describe('normaliseDomain', () => {
  it('lower-cases, strips the root dot, converts IDN to A-labels', () => {
    assert.equal(normaliseDomain('Example.COM.'), 'example.com');
    assert.equal(normaliseDomain('bücher.example'), 'xn--bcher-kva.example');
  });
  it('rejects single labels, bad labels and numeric TLDs', () => {
    assert.equal(normaliseDomain('localhost'), null);
    assert.equal(normaliseDomain('-bad.example'), null);
    assert.equal(normaliseDomain('192.0.2'), null);
    assert.equal(normaliseDomain(`${'a'.repeat(64)}.example`), null);
  });
});
