import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CatalogEntry } from './catalog-types.js';
import { interpretAnswer, interpretCodes } from './interpret.js';

function entry(overrides: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    zone: 'zen.example.test',
    name: 'Example ZEN',
    kind: 'ip',
    ipv6: true,
    codes: {
      '127.0.0.2': 'SBL',
      '127.0.0.3': 'CSS',
      '127.0.0.4-127.0.0.7': 'XBL',
      '127.0.0.10-127.0.0.11': 'PBL',
    },
    errorCodes: { '127.255.255.254': 'query refused: public or unregistered resolver' },
    ignoreCodes: {},
    bitmask: false,
    scope: 'ip',
    access: { refusesPublicResolvers: true },
    dead: false,
    allowlist: false,
    testPoints: true,
    ...overrides,
  };
}

describe('interpretAnswer', () => {
  it('NXDOMAIN is clean', () => {
    assert.equal(interpretAnswer(entry(), { status: 'nxdomain', ms: 1 }).status, 'clean');
  });
  it('every failure is an error, never clean', () => {
    for (const status of ['timeout', 'servfail', 'refused', 'error'] as const) {
      const r = interpretAnswer(entry(), { status, ms: 1 });
      assert.equal(r.status, 'error', status);
    }
    const t = interpretAnswer(entry(), {
      status: 'timeout',
      message: 'no answer after 2 tries of 2000 ms',
      ms: 1,
    });
    assert.match(t.status === 'error' ? t.error : '', /^timeout: no answer after 2 tries/);
  });
  it('a 127/8 code is a listing with its meaning; ranges resolve', () => {
    const r = interpretAnswer(entry(), { status: 'answer', records: ['127.0.0.4', '127.0.0.10'], ms: 1 });
    assert.equal(r.status, 'listed');
    assert.equal(r.status === 'listed' && r.meaning, 'XBL; PBL');
  });
  it('an operator error code is an error, not a listing', () => {
    const r = interpretCodes(entry(), ['127.255.255.254']);
    assert.equal(r.status, 'error');
    assert.equal(r.status === 'error' && r.error, 'query refused: public or unregistered resolver');
  });
  it('an answer outside 127/8 is an error (NXDOMAIN rewriting)', () => {
    const r = interpretCodes(entry(), ['203.0.113.5']);
    assert.equal(r.status, 'error');
    assert.match(r.status === 'error' ? r.error : '', /outside 127\.0\.0\.0\/8/);
  });
  it('ignore codes (allowlisted) are not listings', () => {
    const karma = entry({ ignoreCodes: { '127.0.0.1': 'allowlisted' }, codes: { '127.0.0.2': 'black' } });
    assert.equal(interpretCodes(karma, ['127.0.0.1']).status, 'clean');
    assert.equal(interpretCodes(karma, ['127.0.0.1', '127.0.0.2']).status, 'listed');
  });
  it('unknown codes still list, naming the code', () => {
    const r = interpretCodes(entry(), ['127.0.0.99']);
    assert.equal(r.status === 'listed' && r.meaning, 'listed (127.0.0.99)');
  });
  it('decodes bitmask lists bit by bit', () => {
    const surbl = entry({ bitmask: true, codes: { '127.0.0.8': 'PH phishing', '127.0.0.16': 'MW malware' } });
    const r = interpretCodes(surbl, ['127.0.0.24']);
    assert.equal(r.status === 'listed' && r.meaning, 'PH phishing; MW malware');
  });
  it('explains neighbourhood scopes (UCEPROTECT level 2 and 3)', () => {
    const l2 = interpretCodes(entry({ scope: 'range', name: 'UCEPROTECT Level 2', codes: {} }), [
      '127.0.0.2',
    ]);
    assert.match(l2.status === 'listed' ? l2.meaning : '', /because of your neighbours.*UCEPROTECT Level 2/);
    const l3 = interpretCodes(entry({ scope: 'asn', name: 'UCEPROTECT Level 3', codes: {} }), ['127.0.0.2']);
    assert.match(l3.status === 'listed' ? l3.meaning : '', /ASN.*UCEPROTECT Level 3/);
  });
});
