import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildZip } from '../../test/fixtures/phish/zip-builder.js';
import { MAX_ARCHIVE_SCAN_BYTES, MAX_NESTED_ARCHIVE_BYTES } from './limits.js';
import { scanZip } from './zip.js';

const text = (s: string) => new TextEncoder().encode(s);

test('member names come from the central directory found from the end', () => {
  const zip = buildZip([
    { name: 'readme.txt', data: text('hello'), deflate: true },
    { name: 'setup.exe', data: text('MZ') },
  ]);
  assert.deepEqual(scanZip(zip).names, ['readme.txt', 'setup.exe']);
});

test('a member after 4 MB of padding is still seen (the directory is read from the end)', () => {
  const padding = new Uint8Array(MAX_ARCHIVE_SCAN_BYTES + 1024 * 1024);
  const zip = buildZip([
    { name: 'photo.jpg', data: padding },
    { name: 'invoice.exe', data: text('MZ') },
  ]);
  assert.ok(zip.length > MAX_ARCHIVE_SCAN_BYTES);
  assert.deepEqual(scanZip(zip).names, ['photo.jpg', 'invoice.exe']);
});

test('a deflated zip inside a zip is opened; a third level too, not a fifth', () => {
  const inner = buildZip([{ name: 'run.js', data: text('WScript.Echo(1)'), deflate: true }]);
  const middle = buildZip([{ name: 'inner.zip', data: inner, deflate: true }]);
  const outer = buildZip([{ name: 'docs.zip', data: middle, deflate: true }]);
  assert.deepEqual(scanZip(outer).names, ['docs.zip', 'docs.zip/inner.zip', 'docs.zip/inner.zip/run.js']);
  const deeper = buildZip([{ name: 'more.zip', data: outer }]);
  const scan = scanZip(buildZip([{ name: 'top.zip', data: deeper }]));
  assert.ok(!scan.names.some((n) => n.endsWith('run.js')));
  assert.match(scan.skipped.join('\n'), /nested too deep/);
});

test('a nested zip bomb is not inflated past the limit', () => {
  const zeros = new Uint8Array(MAX_NESTED_ARCHIVE_BYTES + 1);
  const bomb = buildZip([
    { name: 'big.zip', data: buildZip([{ name: 'z.bin', data: zeros }]), deflate: true },
  ]);
  assert.ok(bomb.length < 100_000);
  const scan = scanZip(bomb);
  assert.deepEqual(scan.names, ['big.zip']);
  assert.match(scan.skipped[0] ?? '', /could not be unpacked/);
});

test('no end record: local headers from the start are read, each name once', () => {
  const zip = buildZip([{ name: 'a.scr', data: text('x') }]);
  const cut = zip.subarray(0, zip.length - 22);
  assert.deepEqual(scanZip(cut).names, ['a.scr']);
});

test('garbage never throws', () => {
  for (const bytes of [new Uint8Array(0), text('PK\u0005\u0006'), new Uint8Array(100).fill(0x50)])
    assert.deepEqual(scanZip(bytes).names, []);
  const lying = buildZip([{ name: 'x.zip', data: text('not a zip') }]);
  assert.deepEqual(scanZip(lying).names, ['x.zip']);
});
