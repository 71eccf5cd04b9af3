/**
 * Issue 11 item 7: ways past the phishing verdict through the analysis limits, with generated
 * messages run through `mxdoctor phish --json` in-process.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { after, test } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { MAX_ARCHIVE_SCAN_BYTES, MAX_HTML_CHARS } from '../../src/phish/limits.js';
import { buildZip } from '../fixtures/phish/zip-builder.js';

const dir = mkdtempSync(join(tmpdir(), 'phish-limits-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function judge(
  name: string,
  message: string,
): Promise<{ code: number; report: Record<string, unknown> }> {
  const path = join(dir, name);
  writeFileSync(path, message);
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: {} };
  const code = await main(['phish', '--json', path], io);
  return { code, report: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> };
}

const rules = (report: Record<string, unknown>) =>
  (report.findings as Array<{ rule: string }>).map((f) => f.rule);

const HEAD = 'From: Accounts <accounts@mail.example.org>\r\nTo: you@example.net\r\nSubject: Statement\r\n';

test('a lure after the HTML size limit is not judged clean', async () => {
  const padding = '<p>ok</p>'.repeat(Math.ceil(MAX_HTML_CHARS / 9) + 10);
  const lure = '<a href="https://paypa1-login.example.com/">https://www.paypal.com/signin</a>';
  const html = `<html><body>${padding}${lure}</body></html>`;
  const message = `${HEAD}MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`;
  const { code, report } = await judge('padded.eml', message);
  assert.notEqual(report.verdict, 'clean');
  assert.equal(code, 1);
  assert.ok(rules(report).includes('beyond-limits'));
});

function withAttachment(name: string, bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64').replace(/.{76}/g, '$&\r\n');
  return [
    `${HEAD}MIME-Version: 1.0`,
    'Content-Type: multipart/mixed; boundary="b1"',
    '',
    '--b1',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Please find the documents attached.',
    '--b1',
    `Content-Type: application/zip; name="${name}"`,
    `Content-Disposition: attachment; filename="${name}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    '--b1--',
    '',
  ].join('\r\n');
}

test('a zip over 4 MB does not hide a program member at its end', async () => {
  const zip = buildZip([
    { name: 'scan-0001.jpg', data: new Uint8Array(MAX_ARCHIVE_SCAN_BYTES + 512 * 1024).fill(7) },
    { name: 'invoice.exe', data: new TextEncoder().encode('MZ stub, not a program') },
  ]);
  const { code, report } = await judge('big-zip.eml', withAttachment('documents.zip', zip));
  assert.ok(rules(report).includes('archive-with-program'), JSON.stringify(rules(report)));
  assert.equal(code, 1);
});

test('a program inside a deflated zip inside a zip is found', async () => {
  const inner = buildZip([
    { name: 'payment.js', data: new TextEncoder().encode('WScript.Echo(1)'), deflate: true },
  ]);
  const outer = buildZip([{ name: 'payment-details.zip', data: inner, deflate: true }]);
  const { report } = await judge('nested-zip.eml', withAttachment('remittance.zip', outer));
  const finding = (report.findings as Array<{ rule: string; evidence: string[] }>).find(
    (f) => f.rule === 'archive-with-program',
  );
  assert.ok(finding, JSON.stringify(rules(report)));
  assert.match(finding.evidence.join(' '), /payment-details\.zip\/payment\.js/);
});
