import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReply, MAX_LINE_BYTES, MAX_REPLY_LINES, ReplyParser } from './reply-parser.js';

const b = (s: string) => Buffer.from(s, 'latin1');

describe('ReplyParser', () => {
  it('parses a multi-line EHLO reply split across chunks', () => {
    const p = new ReplyParser();
    assert.deepEqual(p.push(b('250-mx.example.test\r\n250-PIPE')).replies, []);
    assert.equal(p.midReply, true);
    const { replies, error } = p.push(b('LINING\r\n250 CHUNKING\r\n'));
    assert.equal(error, null);
    assert.equal(replies.length, 1);
    assert.deepEqual(replies[0], {
      code: 250,
      enhanced: null,
      lines: ['mx.example.test', 'PIPELINING', 'CHUNKING'],
    });
  });

  it('reads the enhanced status code, tolerates LF-only and a bare code', () => {
    const p = new ReplyParser();
    const { replies } = p.push(b('550 5.1.1 <x@example.test>: User unknown\n250\n'));
    assert.equal(replies[0]?.enhanced, '5.1.1');
    assert.deepEqual(replies[1], { code: 250, enhanced: null, lines: [''] });
  });

  it('keeps the Exim multi-line 550 blocklist greeting whole (lab transcript)', () => {
    const text =
      '550-rejected because 127.0.0.1 is in a black list at b.barracudacentral.org\r\n550-Client host blocked using Barracuda Reputation, see\r\n550 http://www.barracudanetworks.com/reputation/?r=1&ip=127.0.0.1\r\n';
    const { replies } = new ReplyParser().push(b(text));
    assert.equal(replies.length, 1);
    assert.equal(formatReply(replies[0]!), text.replaceAll('\r\n', '\n').trimEnd());
  });

  it('refuses a line longer than the cap without buffering it', () => {
    const p = new ReplyParser();
    const first = p.push(b(`220 ${'x'.repeat(MAX_LINE_BYTES)}`));
    assert.match(first.error ?? '', /longer than 4096 bytes/);
    assert.match(p.push(b('\r\n')).error ?? '', /longer than/, 'the error is sticky');
  });

  it('refuses an endless multi-line reply', () => {
    const p = new ReplyParser();
    const { error, replies } = p.push(b('250-x\r\n'.repeat(MAX_REPLY_LINES + 1)));
    assert.equal(replies.length, 0);
    assert.match(error ?? '', /longer than 100 lines/);
  });

  it('reports a malformed line and never throws on binary garbage', () => {
    const { error } = new ReplyParser().push(Buffer.from([0xff, 0xfe, 0x00, 0x0a]));
    assert.match(error ?? '', /malformed reply line/);
  });
});
