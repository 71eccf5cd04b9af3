import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headerValue, MAX_PARSE_BYTES, parseMessage } from './parse.js';

const enc = (text: string) => new TextEncoder().encode(text);

test('parses headers, subject and text', async () => {
  const mail = await parseMessage(
    enc('From: A <a@example.org>\r\nSubject: =?UTF-8?B?aGk=?=\r\n\r\nbody\r\n'),
  );
  assert.equal(mail.subject, 'hi');
  assert.equal(mail.text?.trim(), 'body');
  assert.equal(headerValue(mail, 'FROM'), 'A <a@example.org>');
  assert.equal(mail.parseError, undefined);
});

test('never throws: binary, empty and oversized input give a best-effort result', async () => {
  const binary = await parseMessage(new Uint8Array(2048).map((_, i) => i % 256));
  assert.ok(Array.isArray(binary.headers));
  const empty = await parseMessage(new Uint8Array(0));
  assert.deepEqual(empty.attachments, []);
  const huge = { byteLength: MAX_PARSE_BYTES + 1 } as Uint8Array;
  const result = await parseMessage(huge);
  assert.match(result.parseError ?? '', /exceeds/);
});

test('deep multipart nesting is refused by the limit, not by a crash', async () => {
  let body = 'x';
  for (let i = 0; i < 100; i++)
    body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  const mail = await parseMessage(enc(`Subject: deep\r\n${body}`));
  assert.ok(mail.parseError !== undefined || Array.isArray(mail.attachments));
});
