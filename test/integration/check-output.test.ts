/**
 * `mxdoctor check` output formats and exit codes against rbldnsd: --json fields, the text table,
 * --format nagios (Monitoring Plugins statuses 0/1/2/3 and perfdata), and the real process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST } from '../helpers/zones.js';
import {
  type CheckFixture,
  parseJsonReports,
  resultFor,
  runCheck,
  runCheckProcess,
  startCheckFixture,
} from './check-cli.js';

let fx: CheckFixture;
before(async () => {
  fx = await startCheckFixture();
});
after(async () => {
  await fx?.stop();
});

const check = (...args: string[]) => runCheck([...args, ...fx.baseArgs]);
const ALL_IP_ZONES = [TEST.bl, TEST.multi, TEST.dead, TEST.pubres, TEST.world].join(',');

describe('check --json', () => {
  test('every documented field, on every result', async () => {
    const run = await check(TEST.listedIp, '--zones', ALL_IP_ZONES, '--json');
    assert.equal(run.code, 1, run.stderr);
    const [report] = parseJsonReports(run.stdout);
    assert.ok(report);
    assert.equal(report.target, TEST.listedIp);
    assert.deepEqual(report.results.map((r) => r.zone).sort(), ALL_IP_ZONES.split(',').sort());
    for (const r of report.results) {
      for (const key of ['zone', 'status', 'codes', 'meaning', 'txt', 'delist', 'policy', 'ms', 'error']) {
        assert.ok(key in r, `${r.zone} lacks ${key}`);
      }
      assert.ok(Array.isArray(r.codes));
      assert.equal(typeof r.ms, 'number');
      assert.ok(['listed', 'clean', 'error', 'unhealthy', 'unverified'].includes(r.status));
    }
    assert.deepEqual(report.summary, { listed: 2, clean: 0, error: 1, unhealthy: 1, unverified: 1 });
    assert.equal(resultFor(report, TEST.dead).status, 'unverified');
    assert.equal(resultFor(report, TEST.pubres).status, 'error');
    assert.equal(resultFor(report, TEST.world).status, 'unhealthy');
  });

  test('several targets: one object per line, in input order', async () => {
    const run = await check(TEST.cleanIp, TEST.listedIp, '--zones', TEST.bl, '--json');
    // After the run-level line (kind 'run': zone health, the resolver's verdict).
    const lines = run.stdout.trim().split('\n').slice(1);
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { target: string }).target),
      [TEST.cleanIp, TEST.listedIp],
    );
  });

  test('--format json is the same as --json', async () => {
    const run = await check(TEST.listedIp, '--zones', TEST.bl, '--format', 'json');
    assert.equal(resultFor(parseJsonReports(run.stdout)[0], TEST.bl).status, 'listed');
  });
});

describe('check text output', () => {
  test('listings first with delisting link and policy, then errors, then the clean count', async () => {
    const run = await check(TEST.listedIp, '--zones', `${TEST.bl},${TEST.dead},${TEST.multi}`);
    assert.equal(run.code, 1, run.stderr);
    const out = run.stdout;
    assert.match(out, /LISTED/);
    assert.ok(out.includes('https://bl.mxd.test/lookup'), out);
    assert.ok(out.includes(TEST.listedTxt), out);
    // The dead list's health is said once, in the run header above the target; not repeated.
    const listedAt = out.indexOf(TEST.bl);
    const deadAt = out.indexOf(TEST.dead);
    assert.ok(deadAt >= 0 && deadAt < out.indexOf(TEST.listedIp), `run header first:\n${out}`);
    assert.equal(out.split(TEST.dead).length, 2, out);
    assert.ok(listedAt > deadAt, out);
  });

  test('a clean address says so', async () => {
    const run = await check(TEST.cleanIp, '--zones', TEST.bl);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /not listed/);
    assert.doesNotMatch(run.stdout, /LISTED/);
  });

  test('a large range prints only targets with something to show', async () => {
    const run = await check('198.51.100.0/27', '--zones', TEST.bl);
    assert.equal(run.code, 1, run.stderr);
    for (const ip of TEST.rangeListed) assert.ok(run.stdout.includes(ip), run.stdout);
    assert.ok(!run.stdout.includes('198.51.100.4 '), run.stdout);
    assert.match(run.stdout, /32 targets checked; 30 clean/);
  });
});

describe('check --format nagios', () => {
  const nagios = async (target: string, zones: string) => {
    const run = await check(target, '--zones', zones, '--format', 'nagios');
    const [text, perf] = run.stdout.trim().split(' | ');
    return { code: run.code, text: text ?? '', perf: perf ?? '' };
  };

  test('OK (0): not listed', async () => {
    const r = await nagios(TEST.cleanIp, TEST.bl);
    assert.equal(r.code, 0);
    assert.match(r.text, /^DNSBL OK/);
    assert.match(r.perf, /listed=0;/);
  });

  test('CRITICAL (2): listed, naming the list; perfdata counts', async () => {
    const r = await nagios(TEST.listedIp, `${TEST.bl},${TEST.multi}`);
    assert.equal(r.code, 2);
    assert.match(r.text, /^DNSBL CRITICAL/);
    assert.ok(r.text.includes(TEST.bl));
    assert.match(r.perf, /listed=2;;1;0;2/);
  });

  test('WARNING (1): not listed, but a list could not be queried', async () => {
    const r = await nagios(TEST.cleanIp, `${TEST.bl},${TEST.dead}`);
    assert.equal(r.code, 1);
    assert.match(r.text, /^DNSBL WARNING/);
    assert.match(r.perf, /unverified=1;/);
  });

  test('UNKNOWN (3): every answer an error', async () => {
    const r = await nagios(TEST.cleanIp, `${TEST.dead},${TEST.pubres}`);
    assert.equal(r.code, 3);
    assert.match(r.text, /^DNSBL UNKNOWN/);
  });
});

describe('check as a process (src/cli/entry.ts)', () => {
  test('exit status 1 and JSON on stdout for a listed address', async () => {
    const run = await runCheckProcess([TEST.listedIp, '--zones', TEST.bl, '--json', ...fx.baseArgs]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(resultFor(parseJsonReports(run.stdout)[0], TEST.bl).status, 'listed');
  });

  test('exit status 3 when every answer is an error', async () => {
    const run = await runCheckProcess([TEST.cleanIp, '--zones', TEST.dead, ...fx.baseArgs]);
    assert.equal(run.code, 3, run.stderr);
    assert.match(run.stdout, /timeout/i);
  });

  test('exit status 2 for a bad flag value', async () => {
    const run = await runCheckProcess([TEST.cleanIp, '--format', 'xml', ...fx.baseArgs]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /--format/);
  });
});
