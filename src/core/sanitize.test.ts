import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasUnsafeCharacters, sanitizeLine, sanitizeText } from './sanitize.js';

describe('sanitizeLine', () => {
  it('shows ESC, BEL and the OSC title sequence visibly', () => {
    assert.equal(sanitizeLine('\x1b]0;pwned\x07\x1b[2J hi'), '\\x1b]0;pwned\\x07\\x1b[2J hi');
  });

  it('escapes CR and LF so a field cannot fake a report line', () => {
    assert.equal(sanitizeLine('a\r\nverdict: CLEAN'), 'a\\r\\nverdict: CLEAN');
  });

  it('shows DEL and C1 controls (8-bit CSI)', () => {
    assert.equal(sanitizeLine('x\x7fy\x9b2J'), 'x\\x7fy\\x9b2J');
  });

  it('marks bidi overrides, isolates and marks', () => {
    assert.equal(sanitizeLine('invoice\u202Efdp.exe'), 'invoice\\u202efdp.exe');
    assert.equal(sanitizeLine('\u2066a\u2069\u200f'), '\\u2066a\\u2069\\u200f');
  });

  it('keeps tabs, plain text and non-Latin letters unchanged (same string)', () => {
    const text = 'Grüße\tпривет 你好 ✓';
    assert.equal(sanitizeLine(text), text);
  });
});

describe('sanitizeText', () => {
  it('keeps LF and TAB, escapes CR and the rest', () => {
    assert.equal(sanitizeText('250-a\r\n250 b\x1b[A\t'), '250-a\\r\n250 b\\x1b[A\t');
  });

  it('hasUnsafeCharacters agrees with sanitizeText', () => {
    assert.equal(hasUnsafeCharacters('a\nb\tc'), false);
    assert.equal(hasUnsafeCharacters('a\u202eb'), true);
    assert.equal(hasUnsafeCharacters(sanitizeText('a\u202eb\x1b')), false);
  });
});
