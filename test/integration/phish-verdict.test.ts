/**
 * Issue 13 verdict semantics through `mxdoctor phish`: phishing is deception aimed at credentials,
 * payment or malware; spam and scams without impersonation are suspicious; one sentence explains
 * the verdict before the findings, in text and in JSON; legitimacy evidence is read from the
 * topmost Authentication-Results only.
 */
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/phish/${name}`, import.meta.url));

interface JsonReport {
  verdict: string;
  explanation: string;
  findings: Array<{ rule: string; role: string; weight: number }>;
}

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  const io: CliIo = { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: {} };
  const code = await main(['phish', ...args], io);
  return { code, out: Buffer.concat(chunks).toString('utf8') };
}

async function judge(name: string): Promise<JsonReport> {
  const { out } = await run(['--json', fixture(name)]);
  return JSON.parse(out) as JsonReport;
}

const rules = (r: JsonReport) => r.findings.map((f) => f.rule);

test('one sentence explains the verdict before the findings, in text and JSON', async () => {
  const { code, out } = await run([fixture('seed-microsoft-update.eml')]);
  assert.equal(code, 1);
  const lines = out.split('\n');
  assert.match(lines[0] ?? '', /PHISHING/);
  assert.match(lines[1] ?? '', /^ {2}Phishing: the message .*brand's domain name.*program/);
  assert.ok(out.indexOf('Phishing: the message') < out.indexOf('findings:'));
  const json = await judge('seed-microsoft-update.eml');
  assert.equal(json.verdict, 'phishing');
  assert.match(json.explanation, /^Phishing: /);
});

test('a scam without impersonation is suspicious, and says it is not phishing', async () => {
  const r = await judge('scam-prize.eml');
  assert.equal(r.verdict, 'suspicious');
  assert.match(r.explanation, /does not pretend to be a known sender/);
});

test('a callback scam with a brand name and a number to call, no link, is phishing', async () => {
  const r = await judge('callback-invoice.eml');
  assert.ok(rules(r).includes('callback-lure'), rules(r).join());
  assert.equal(r.verdict, 'phishing');
  assert.match(r.explanation, /call a number/);
});

test('an organisation speaking from a trial cloud tenant with a document lure is phishing', async () => {
  const r = await judge('tenant-docshare.eml');
  for (const rule of ['sender-on-free-tenant', 'organisation-on-free-mailbox', 'document-lure'])
    assert.ok(rules(r).includes(rule), `${rule} in ${rules(r).join()}`);
  assert.equal(r.verdict, 'phishing');
});

test("a brand's own authenticated bulk mail from a domain the table lacks is clean", async () => {
  const r = await judge('brand-own-domain.eml');
  assert.ok(rules(r).includes('authenticated-sender'), rules(r).join());
  assert.ok(!rules(r).includes('brand-in-sender-name'));
  assert.equal(r.verdict, 'clean');
});

test('the same mail failing authentication at the receiver, with a forged pass below, is phishing', async () => {
  const r = await judge('brand-forged-auth.eml');
  assert.ok(
    !rules(r).includes('authenticated-sender'),
    'a forged lower Authentication-Results must not count',
  );
  assert.ok(rules(r).includes('brand-in-sender-name'));
  assert.ok(rules(r).includes('dmarc-fail'));
  assert.equal(r.verdict, 'phishing');
});

test('binary input is bad input (exit 2, named), as in bounce, never "suspicious"', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const file = join(mkdtempSync(join(tmpdir(), 'mxd-bin-')), 'x.eml');
  writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
  const { code, out } = await run([file]);
  assert.equal(code, 2);
  assert.doesNotMatch(out, /SUSPICIOUS/);
});

/** Real messages from the benchmark corpus (corpora/phish-modern/MANIFEST.tsv names their sources). */
const corpus = (path: string) =>
  fileURLToPath(new URL(`../../corpora/phish-modern/${path}`, import.meta.url));

test('real 2024 Japanese card lures: organisation in a subject tag, unrelated sender, link to a third site', async () => {
  for (const file of ['dev/phish/list-driverdev-devel-011.eml', 'dev/phish/list-driverdev-devel-014.eml']) {
    const { out } = await run(['--json', corpus(file)]);
    const report = JSON.parse(out) as JsonReport;
    assert.ok(rules(report).includes('organisation-link-elsewhere'), file);
    assert.notEqual(report.verdict, 'clean', file);
  }
});

test('real invisible characters in a crypto-exchange lure and a one-ideograph-at-a-time brand name', async () => {
  const coincheck = JSON.parse(
    (await run(['--json', corpus('dev/phish/list-driverdev-devel-020.eml')])).out,
  ) as JsonReport;
  assert.ok(rules(coincheck).includes('disguised-text'));
  const spaced = JSON.parse(
    (await run(['--json', corpus('dev/phish/list-driverdev-devel-009.eml')])).out,
  ) as JsonReport;
  assert.ok(rules(spaced).includes('disguised-text'));
});

test('a real list reply whose From the list rewrote to itself is judged by its author, and is clean', async () => {
  const report = JSON.parse(
    (await run(['--json', corpus('dev/ham/list-usrp-users-008.eml')])).out,
  ) as JsonReport & {
    from: string;
  };
  assert.equal(report.verdict, 'clean');
  assert.ok(!rules(report).includes('reply-to-freemail'));
  assert.match(report.from, /patchvonbraun@gmail\.com/);
});
