import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Attachment } from '../mail/parse.js';
import {
  checkAttachments,
  extensions,
  hasLureName,
  isScrambledName,
  zipMemberNames,
} from './attachment-rules.js';
import { Findings } from './catalog.js';

const enc = (text: string) => new TextEncoder().encode(text);

function attachment(
  filename: string,
  content: Uint8Array | string,
  mimeType = 'application/octet-stream',
): Attachment {
  return {
    filename,
    mimeType,
    disposition: 'attachment',
    content: typeof content === 'string' ? enc(content) : content,
  };
}

/** A zip central-directory record for one member name (enough for zipMemberNames). */
function centralRecord(name: string): Uint8Array {
  const bytes = new Uint8Array(46 + name.length);
  bytes.set([0x50, 0x4b, 1, 2]);
  bytes[28] = name.length & 0xff;
  bytes[29] = name.length >> 8;
  bytes.set(enc(name), 46);
  return bytes;
}

function rules(attachments: Attachment[]): string[] {
  const out = new Findings();
  checkAttachments(attachments, out);
  return out.list().map((f) => f.rule);
}

test('extensions are read from the end, trimmed of padding', () => {
  assert.deepEqual(extensions('invoice.pdf      .exe'), ['pdf', 'exe']);
  assert.deepEqual(extensions('README'), []);
});

test('programs, double extensions and macro documents', () => {
  assert.deepEqual(rules([attachment('officexp-KB910721-FullFile-ENU.exe', 'MZ')]), ['dangerous-attachment']);
  assert.deepEqual(rules([attachment('invoice.pdf.exe', 'MZ')]), ['double-extension']);
  assert.deepEqual(rules([attachment('report.xlsm', 'PK')]), ['macro-document']);
  assert.deepEqual(rules([attachment('photo.jpg', 'x'), attachment('notes.pdf', '%PDF')]), []);
});

test('zip archives holding programs are opened by their central directory', () => {
  const zip = new Uint8Array([
    ...new Uint8Array(10),
    ...centralRecord('docs/readme.txt'),
    ...centralRecord('setup.js'),
  ]);
  assert.deepEqual(zipMemberNames(zip), ['docs/readme.txt', 'setup.js']);
  assert.deepEqual(rules([attachment('files.zip', zip, 'application/zip')]), ['archive-with-program']);
  assert.deepEqual(rules([attachment('photos.zip', centralRecord('a.jpg'), 'application/zip')]), []);
});

test('HTML attachments, and a password form inside one', () => {
  assert.deepEqual(rules([attachment('statement.html', '<p>hello</p>', 'text/html')]), ['html-attachment']);
  assert.deepEqual(rules([attachment('login.htm', '<form><input type="password"></form>', 'text/html')]), [
    'credential-form',
    'html-attachment',
  ]);
  assert.deepEqual(rules([attachment('profile.mobileconfig', '<?xml?>')]), ['risky-attachment']);
});

test('a corrupt zip with a huge claimed name length does not read past the buffer', () => {
  const bad = centralRecord('x');
  bad[28] = 0xff;
  bad[29] = 0xff;
  assert.deepEqual(zipMemberNames(bad), []);
});

test('business documents in opaque archives or old Office formats; kernel logs and CVs are not', () => {
  assert.equal(hasLureName('INV-323489.doc'), true);
  assert.equal(hasLureName('PO#UZ000_pdf.ace'), true);
  assert.equal(hasLureName('2023年请查收发票.rar'), true);
  assert.equal(hasLureName('config.gz'), false);
  assert.equal(hasLureName('dmesg-6.8.txt.gz'), false);
  assert.equal(hasLureName('cv-jane.doc'), false);
  const rules = (name: string) => {
    const out = new Findings();
    checkAttachments([attachment(name, 'x')], out);
    return out.list().map((f) => f.rule);
  };
  assert.deepEqual(rules('Payment.gz'), ['opaque-archive-lure']);
  assert.deepEqual(rules('Order-Spec#832094.doc'), ['legacy-office-lure']);
  assert.deepEqual(rules('Order-Spec#832094.pdf'), []);
  assert.deepEqual(rules('config.gz'), []);
});

test('documents named with a random token; words, dates, product names and images are not', () => {
  assert.equal(isScrambledName('RbJhef1j0'), true);
  assert.equal(isScrambledName('sSZt7uix'), true);
  assert.equal(isScrambledName('Report2024Q1'), false);
  assert.equal(isScrambledName('iPhone13Pro'), false);
  assert.equal(isScrambledName('invoice-2024-03'), false);
  const rules = (name: string) => {
    const out = new Findings();
    checkAttachments([attachment(name, 'x')], out);
    return out.list().map((f) => f.rule);
  };
  assert.deepEqual(rules('U1vn48GmdQr.pdf'), ['random-attachment-name']);
  assert.deepEqual(rules('RbJhef1j0.pdf'), ['random-attachment-name']);
  assert.deepEqual(rules('RbJhef1j0.png'), []);
  assert.deepEqual(rules('Quarterly Report 2024.pdf'), []);
});
