import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { looksBinary } from './binary.js';

describe('looksBinary', () => {
  it('refuses bytes with a NUL or many control characters', () => {
    assert.equal(looksBinary(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0])), true);
    const noisy = Buffer.from('Subject: x\r\n\r\n'.padEnd(200, '\x01'));
    assert.equal(looksBinary(noisy), true);
  });

  it('accepts mail, including ISO-2022-JP text with ESC and a stray control character', () => {
    const jp = Buffer.from(
      'Subject: =?ISO-2022-JP?B?GyRCJDMbKEI=?=\r\n\r\n\x1b$B$3$s$K$A$O\x1b(B\r\n',
      'latin1',
    );
    assert.equal(looksBinary(jp), false);
    const stray = Buffer.from(`From: a@example.test\r\nSubject: hi\x07\r\n\r\n${'body '.repeat(40)}`);
    assert.equal(looksBinary(stray), false);
    assert.equal(looksBinary(new Uint8Array(0)), false);
    assert.equal(looksBinary(Buffer.from(`Subject: x\n\n${'text '.repeat(30)}\0\n`)), false);
  });
});
