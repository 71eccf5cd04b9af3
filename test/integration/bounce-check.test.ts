/**
 * `mxdoctor bounce --check` against a real rbldnsd on loopback (test/helpers/rbldnsd.ts): the IP a
 * bounce names is checked live, in-process, and the result lands under the bounce.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { after, before, test } from 'node:test';
import { run } from '../../src/cli/bounce.js';
import type { CliIo } from '../../src/cli/io.js';
import { TEST } from '../helpers/zones.js';
import { type CheckFixture, startCheckFixture } from './check-cli.js';

let fixture: CheckFixture;
before(async () => {
  fixture = await startCheckFixture();
});
after(async () => {
  await fixture.stop();
});

async function bounce(args: string[], stdin: string): Promise<{ code: number; stdout: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from([Buffer.from(stdin)]),
    env: {},
  };
  const code = await run(args, io);
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

const LINE = `554 5.7.1 Service unavailable; Client host [${TEST.listedIp}] blocked using ${TEST.bl}\n`;

test('--check --json: the live check of the named IP is in the bounce JSON', async () => {
  const { code, stdout } = await bounce(
    ['-', '--check', '--json', ...fixture.baseArgs, '--zones', TEST.bl],
    LINE,
  );
  assert.equal(code, 1);
  const report = JSON.parse(stdout.trim());
  const recipient = report.recipients[0];
  assert.equal(recipient.blocklist.zone, TEST.bl);
  assert.equal(recipient.blocklist.ip, TEST.listedIp);
  // The delisting facts come from the catalog given with --catalog.
  assert.equal(recipient.blocklist.delist, 'https://bl.mxd.test/lookup');
  assert.equal(report.check.length, 1);
  const result = report.check[0].results.find((r: { zone: string }) => r.zone === TEST.bl);
  assert.equal(result.status, 'listed');
});

test('--check in text mode prints the live result under the bounce', async () => {
  const { code, stdout } = await bounce(['-', '--check', ...fixture.baseArgs, '--zones', TEST.bl], LINE);
  assert.equal(code, 1);
  assert.match(stdout, new RegExp(`live check of ${TEST.listedIp.replaceAll('.', '\\.')}`));
  assert.match(stdout, /listed/i);
});

test('--check from the start-up snapshot (as bin/mxdoctor starts it): the DNS path is in the blob', () => {
  const blob = new URL('../../dist/snapshot/cli.blob', import.meta.url).pathname;
  const r = spawnSync(
    process.execPath,
    ['--snapshot-blob', blob, 'bounce', '-', '--check', '--json', ...fixture.baseArgs, '--zones', TEST.bl],
    { input: LINE, encoding: 'utf8' },
  );
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout.trim());
  assert.equal(report.recipients[0].blocklist.ip, TEST.listedIp);
  const result = report.check[0].results.find((x: { zone: string }) => x.zone === TEST.bl);
  assert.equal(result.status, 'listed');
});
