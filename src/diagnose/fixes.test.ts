import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MxError } from '../core/errors.js';
import { FIXES, finding, fixText, parseFixes, placeholders } from './fixes.js';
import data from './fixes.json' with { type: 'json' };

const rejects = (raw: unknown, pattern: RegExp) =>
  assert.throws(
    () => parseFixes(raw, 'test.json'),
    (e: unknown) => e instanceof MxError && e.code === 'config' && pattern.test(e.message),
  );

describe('fixes.json (diagnose weights and fix texts as data)', () => {
  it('the built-in table is valid and every weight is 0-100', () => {
    const entries = Object.entries(parseFixes(data));
    assert.ok(entries.length >= 40, `${entries.length} entries`);
    for (const [key, e] of entries) assert.ok(e.weight >= 0 && e.weight <= 100, key);
  });

  it('the validator names every bad entry', () => {
    rejects([], /expected an object/);
    rejects({ 'mx.a': { weight: 101, fix: 'x' } }, /mx\.a: weight must be an integer 0-100/);
    rejects({ 'mx.a': { weight: 2.5, fix: 'x' } }, /weight must be an integer/);
    rejects({ 'mx.a': { weight: 5, fix: '  ' } }, /fix must be null or a text/);
    rejects({ 'mx.a': { weight: 5, fix: 'see {' } }, /a brace that is not a \{name\} placeholder/);
    rejects({ Bad: { weight: 5, fix: 'x' } }, /Bad: key must look like/);
    rejects({ 'mx.a': { weight: -1, fix: 'x' }, 'mx.b': { weight: 5 } }, /mx\.a: weight.*mx\.b: fix/);
    assert.deepEqual(parseFixes({ $comment: 'x', 'mx.a': { weight: 7, fix: null } }), {
      'mx.a': { weight: 7, fix: null },
    });
  });

  it('fills placeholders, and a missing value or key is a bug, not a silent "{domain}"', () => {
    assert.match(fixText('mx.exists', { domain: 'a.test' }), /^Register a\.test or fix/);
    assert.deepEqual(placeholders(FIXES['mx.exists']!.fix!), ['domain']);
    assert.throws(() => fixText('mx.exists'), /needs a value for \{domain\}/);
    assert.throws(() => fixText('mx.nothing'), /no fix "mx\.nothing"/);
  });

  it('a finding takes its weight and fix from the table; ok and unknown carry neither', () => {
    const bad = finding('spf.all', 'spf', 'problem', 'SPF +all', 'spf.all-open');
    assert.equal(bad.weight, FIXES['spf.all-open']!.weight);
    assert.equal(bad.fix, FIXES['spf.all-open']!.fix);
    const ok = finding('spf.all', 'spf', 'ok', 'SPF -all', 'spf.all-open');
    assert.equal(ok.weight, 0);
    assert.equal(ok.fix, null);
  });
});
