import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/bounce.js';
import { main } from '../../src/cli/main.js';
import { captureCli } from '../helpers/cli-capture.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/bounce/${name}`, import.meta.url));

const capture = (stdin: Buffer | string = '') => captureCli({ stdin });

test('bounce --json: one object per message with the documented fields; exit 1 when bounces are found', async () => {
  const c = capture();
  const code = await run([fixture('lhost-postfix-04.eml'), fixture('arf-01.eml'), '--json'], c.io);
  assert.equal(code, 1);
  const lines = c
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  const [bounce, arf] = lines;
  assert.equal(bounce.isBounce, true);
  for (const key of [
    'address',
    'action',
    'status',
    'replyCode',
    'reason',
    'hard',
    'diagnostic',
    'remoteMta',
    'blocklist',
  ]) {
    assert.ok(key in bounce.recipients[0], `recipient field ${key}`);
  }
  for (const key of ['messageId', 'from', 'to', 'subject', 'date'])
    assert.ok(key in bounce.original, `original.${key}`);
  assert.match(bounce.file, /lhost-postfix-04\.eml$/);
  assert.equal(arf.kind, 'feedback');
});

test('a bare SMTP line on stdin names the blocklist in the text report', async () => {
  const c = capture(
    '553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks\n',
  );
  const code = await run(['-'], c.io);
  assert.equal(code, 1);
  assert.match(c.out(), /AT&T ATTRBL, IP 198\.51\.100\.7/);
  assert.match(c.out(), /http:\/\/att\.net\/blocks/);
});

test('exit 0 for an auto-reply, 2 for a missing file or no arguments', async () => {
  const auto = capture();
  assert.equal(await run([fixture('rfc3834-02.eml')], auto.io), 0);
  assert.match(auto.out(), /auto-reply/);
  const missing = capture();
  assert.equal(await run(['/nonexistent/bounce.eml'], missing.io), 2);
  assert.match(missing.err(), /no such file/);
  await assert.rejects(run([], capture().io), /give one or more/);
});

test('binary input: a warning in the report and exit 2', async () => {
  const c = capture('\u0000\u0001\u0002 not mail \u0003\u0004');
  assert.equal(await run(['-'], c.io), 2);
  assert.match(c.out(), /binary input/);
});

test('a malformed --catalog is bad usage, said, exit 2 (never silently ignored)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mxd-bounce-cat-'));
  try {
    const bad = join(dir, 'catalog.json');
    writeFileSync(bad, '[{"zone": ');
    const c = capture();
    assert.equal(await main(['bounce', fixture('lhost-postfix-04.eml'), '--catalog', bad], c.io), 2);
    assert.match(c.err(), /^mxdoctor bounce: --catalog .*catalog\.json: not valid JSON/);
    assert.equal(c.out(), '');
    const missing = capture();
    assert.equal(
      await main(
        ['bounce', fixture('lhost-postfix-04.eml'), '--catalog', join(dir, 'none.json')],
        missing.io,
      ),
      2,
    );
    assert.match(missing.err(), /^mxdoctor bounce: --catalog .*none\.json: no such file or folder\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hard and soft are explained (Sisimai sense), in the help and under the reports', async () => {
  const help = capture();
  await run(['--help'], help.io);
  assert.match(help.out().replace(/\s+/g, ' '), /hard = retrying the same mail cannot succeed/);
  const c = capture();
  await run([fixture('lhost-postfix-04.eml')], c.io);
  assert.match(c.out(), /\(hard\/soft as in Sisimai: hard = /);
});
