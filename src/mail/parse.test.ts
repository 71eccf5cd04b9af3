import assert from 'node:assert/strict';
import { describe, it, test } from 'node:test';
import { headerValue, MAX_NESTING_DEPTH, MAX_PARSE_BYTES, parseMessage, withLoneCrAsCrlf } from './parse.js';

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

function nested(levels: number): Uint8Array {
  let body = 'x';
  for (let i = 0; i < levels; i++)
    body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  return enc(`Subject: deep\r\n${body}`);
}

test('deep multipart nesting is refused by the limit, not by a crash', async () => {
  // Past MAX_NESTING_DEPTH the parser stops with a stated reason and an empty message.
  const deep = await parseMessage(nested(MAX_NESTING_DEPTH + 36));
  assert.match(deep.parseError ?? '', /nesting depth of 64/);
  assert.equal(deep.subject, undefined);
  // Under the limit the same shape parses normally: the limit, not the shape, refused the first.
  const shallow = await parseMessage(nested(10));
  assert.equal(shallow.parseError, undefined);
  assert.equal(shallow.subject, 'deep');
});

// postal-mime is patched (patches/postal-mime+4.0.0.patch, applied by `postinstall`) to join each
// part's decoded chunks directly instead of through a Blob: these pin the bytes it must produce.
test('decodes 7bit, quoted-printable and base64 parts byte for byte', async () => {
  const binary = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);
  const b64 = Buffer.from(binary).toString('base64').replace(/.{76}/g, '$&\r\n');
  const raw = [
    'Subject: parts',
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'line one',
    'line two: caf\u00e9',
    '--b',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<p>soft=',
    'break =C3=A9t=C3=A9</p>',
    '--b',
    'Content-Type: application/octet-stream; name="blob.bin"',
    'Content-Disposition: attachment; filename="blob.bin"',
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b--',
    '',
  ].join('\r\n');
  const mail = await parseMessage(enc(raw));
  // postal-mime adds the HTML part's text after the plain part's when there is no alternative.
  assert.equal(mail.text, 'line one\nline two: caf\u00e9\n\n\nsoftbreak \u00e9t\u00e9\n');
  assert.equal(mail.html, '<div>line one<br />line two: caf\u00e9</div>\n<p>softbreak \u00e9t\u00e9</p>\n');
  assert.equal(mail.attachments.length, 1);
  const content = mail.attachments[0]!.content as ArrayBuffer;
  assert.deepEqual(new Uint8Array(content), binary);
});

describe('mixed line ends', () => {
  it('keeps a header ended by a lone CR (issue 11 item 8: mixed CR and LF lost headers)', async () => {
    const raw = 'From: Alice <alice@example.test>\rSubject: mixed\r\nTo: bob@example.test\n\nbody\r\n';
    const mail = await parseMessage(new TextEncoder().encode(raw));
    assert.equal(mail.from?.address, 'alice@example.test');
    assert.equal(mail.subject, 'mixed');
    assert.equal(headerValue(mail, 'to'), 'bob@example.test');
  });

  it('leaves CRLF and LF messages as they are (no copy)', () => {
    const crlf = new TextEncoder().encode('Subject: a\r\n\r\nb\r\n');
    assert.equal(withLoneCrAsCrlf(crlf), crlf);
    assert.deepEqual([...withLoneCrAsCrlf(Uint8Array.from([65, 13, 66, 13]))], [65, 13, 10, 66, 13, 10]);
  });
});

describe('base64 bodies (decoded once per part by the patched decoder)', () => {
  const attachment = (body: string, lineEnd = '\r\n') =>
    [
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'see attached',
      '--b',
      'Content-Type: application/octet-stream; name="x.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      body,
      '--b--',
      '',
    ].join(lineEnd);
  const bytesOf = async (raw: string) =>
    new Uint8Array((await parseMessage(enc(raw))).attachments[0]!.content as ArrayBuffer);

  it('decodes lines that each end in padding as separate units (some mailers pad every line)', async () => {
    // "QUI=" is "AB", "Qw==" is "C": joined without their pads they would decode to garbage.
    assert.deepEqual(await bytesOf(attachment('QUI=\r\nQw==\r\nRA==')), enc('ABCD'));
  });

  it('skips white space, junk characters and mixed line ends inside the text', async () => {
    const b64 = Buffer.from('hello, base64 world').toString('base64');
    const body = `${b64.slice(0, 7)} \t\r\n${b64.slice(7, 13)}*\n\r\n${b64.slice(13)}`;
    assert.deepEqual(await bytesOf(attachment(body)), enc('hello, base64 world'));
    assert.deepEqual(await bytesOf(attachment(body, '\n')), enc('hello, base64 world'));
  });

  it('drops a trailing character that cannot make a byte, as a truncated group', async () => {
    assert.deepEqual(await bytesOf(attachment('QUJD\r\nR')), enc('ABC'));
  });
});
