import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { captureCli } from '../helpers/cli-capture.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/phish/${name}`, import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

const capture = (stdin: Buffer | string = '') => captureCli({ stdin });

test('the seed message: phishing, both findings explained in words, exit 1', async () => {
  const c = capture();
  const code = await main(['phish', fixture('seed-microsoft-update.eml')], c.io);
  assert.equal(code, 1);
  const out = c.out();
  assert.match(out, /PHISHING/);
  assert.match(
    out,
    /the link text shows update\.microsoft\.com, but the link goes to update\.microsoft\.com\.1lfx\.mx\.com, on mx\.com, a domain that has nothing to do with Microsoft/,
  );
  assert.match(out, /the attachment officexp-KB910721-FullFile-ENU\.exe is a program/);
});

test('--json: one object per line with the documented fields', async () => {
  const c = capture();
  const code = await main(
    [
      'phish',
      '--json',
      fixture('seed-microsoft-update.eml'),
      fixture('ham-newsletter.eml'),
      fixture('scam-prize.eml'),
    ],
    c.io,
  );
  assert.equal(code, 1);
  const lines = c
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.verdict),
    ['phishing', 'clean', 'suspicious'],
  );
  const [seed] = lines;
  for (const key of ['file', 'verdict', 'score', 'findings', 'links']) assert.ok(key in seed, key);
  for (const key of ['rule', 'weight', 'detail', 'evidence']) assert.ok(key in seed.findings[0], key);
  assert.deepEqual(Object.keys(seed.links[0]).slice(0, 3), ['href', 'text', 'registrableDomain']);
  assert.equal(seed.links[0].registrableDomain, 'mx.com');
  assert.equal(seed.links[0].text, 'update.microsoft.com');
});

test('a brand lure with a password form is phishing; the newsletter alone exits 0', async () => {
  const brand = capture();
  assert.equal(await main(['phish', '--json', fixture('brand-sender.eml')], brand.io), 1);
  const report = JSON.parse(brand.out());
  assert.equal(report.verdict, 'phishing');
  const rules = report.findings.map((f: { rule: string }) => f.rule);
  for (const rule of ['brand-in-sender-name', 'credential-form', 'url-shortener', 'dmarc-fail'])
    assert.ok(rules.includes(rule), rule);
  const ham = capture();
  assert.equal(await main(['phish', fixture('ham-newsletter.eml')], ham.io), 0);
  assert.match(ham.out(), /CLEAN/);
});

test('stdin mbox: each message reported as -#N', async () => {
  const mbox = [
    `From a@b Thu Jan  1 00:00:00 2025\n${readFileSync(fixture('ham-newsletter.eml'), 'utf8')}`,
    `From a@b Thu Jan  1 00:00:00 2025\n${readFileSync(fixture('seed-microsoft-update.eml'), 'utf8')}`,
  ].join('\n');
  const c = capture(mbox);
  assert.equal(await main(['phish', '--json', '-'], c.io), 1);
  const lines = c
    .out()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => [l.file, l.verdict]),
    [
      ['-#1', 'clean'],
      ['-#2', 'phishing'],
    ],
  );
});

test('--explain alone prints every rule meaning; usage errors exit 2', async () => {
  const c = capture();
  assert.equal(await main(['phish', '--explain'], c.io), 0);
  assert.match(c.out(), /link-text-brand-mismatch \(phishing, weight 5\)/);
  assert.match(c.out(), /dangerous-attachment/);
  const none = capture();
  assert.equal(await main(['phish'], none.io), 2);
  const bad = capture();
  assert.equal(await main(['phish', '--nope', fixture('scam-prize.eml')], bad.io), 2);
  const empty = capture('');
  assert.equal(await main(['phish', '-'], empty.io), 2);
  assert.match(empty.err(), /empty input/);
  const missing = capture();
  assert.equal(await main(['phish', fixture('does-not-exist.eml')], missing.io), 2);
  assert.match(missing.err(), /no such file/);
});

test('the installed entry point runs as a process with the same exit codes', () => {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'src/cli/entry.ts', 'phish', '--json', fixture('ham-newsletter.eml')],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  assert.equal(JSON.parse(out).verdict, 'clean');
});
