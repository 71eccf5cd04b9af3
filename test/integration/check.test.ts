/**
 * `mxdoctor check` against rbldnsd: what each kind of zone answer becomes (listed, clean, error,
 * unhealthy) and how targets (IPv4, IPv6, domains, ranges, files) are read.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TEST } from '../helpers/zones.js';
import { type CheckFixture, parseJsonReports, resultFor, runCheck, startCheckFixture } from './check-cli.js';

let fx: CheckFixture;
before(async () => {
  fx = await startCheckFixture();
});
after(async () => {
  await fx?.stop();
});

const check = (...args: string[]) => runCheck([...args, ...fx.baseArgs]);

describe('check: zone answers', () => {
  test('a listed IPv4 address: codes, meanings, TXT reason, delisting', async () => {
    const run = await check(TEST.listedIp, '--zones', `${TEST.bl},${TEST.multi}`, '--json');
    assert.equal(run.code, 1, run.stderr);
    const [report] = parseJsonReports(run.stdout);
    assert.equal(report?.target, TEST.listedIp);
    const bl = resultFor(report, TEST.bl);
    assert.equal(bl.status, 'listed');
    assert.deepEqual(bl.codes, ['127.0.0.2']);
    assert.match(bl.meaning ?? '', /spam source/);
    assert.equal(bl.txt, TEST.listedTxt);
    assert.equal(bl.delist, 'https://bl.mxd.test/lookup');
    assert.match(bl.policy ?? '', /request removal/);
    assert.equal(bl.error, null);
  });

  test('a multi-code listing keeps every code and meaning', async () => {
    const run = await check(TEST.listedIp, '--zones', TEST.multi, '--json');
    const multi = resultFor(parseJsonReports(run.stdout)[0], TEST.multi);
    assert.equal(multi.status, 'listed');
    assert.deepEqual([...multi.codes].sort(), ['127.0.0.2', '127.0.0.3']);
    assert.match(multi.meaning ?? '', /spam source/);
    assert.match(multi.meaning ?? '', /snowshoe/);
  });

  test('a second code gets its own meaning', async () => {
    const run = await check(TEST.listedIp2, '--zones', TEST.bl, '--json');
    const bl = resultFor(parseJsonReports(run.stdout)[0], TEST.bl);
    assert.deepEqual(bl.codes, ['127.0.0.4']);
    assert.match(bl.meaning ?? '', /exploited host/);
  });

  test('a clean address: NXDOMAIN is clean, exit 0', async () => {
    const run = await check(TEST.cleanIp, '--zones', `${TEST.bl},${TEST.multi}`, '--json');
    assert.equal(run.code, 0, run.stderr);
    const [report] = parseJsonReports(run.stdout);
    assert.equal(resultFor(report, TEST.bl).status, 'clean');
    assert.equal(resultFor(report, TEST.multi).status, 'clean');
    assert.deepEqual(report?.summary, { listed: 0, clean: 2, error: 0, unhealthy: 0, unverified: 0 });
  });

  test('a listed IPv6 address (nibble-reversed query)', async () => {
    const run = await check(TEST.listedIp6, '--zones', TEST.bl, '--json');
    assert.equal(run.code, 1, run.stderr);
    const bl = resultFor(parseJsonReports(run.stdout)[0], TEST.bl);
    assert.equal(bl.status, 'listed');
    assert.match(bl.txt ?? '', /IPv6 spam source 2001:db8::25/i);
  });

  test('a zone that never answers is unverified, never clean', async () => {
    const run = await check(TEST.cleanIp, '--zones', `${TEST.dead},${TEST.bl}`, '--json');
    const [report] = parseJsonReports(run.stdout);
    const dead = resultFor(report, TEST.dead);
    assert.equal(dead.status, 'unverified');
    assert.match(dead.error ?? '', /not queried: health not established.*no answer/i);
    assert.equal(resultFor(report, TEST.bl).status, 'clean');
    assert.equal(report?.summary.unverified, 1);
    assert.notEqual(run.code, 1);
  });

  test('127.255.255.254 is an error "query refused: public or unregistered resolver", not a listing', async () => {
    const run = await check(TEST.listedIp, '--zones', TEST.pubres, '--json');
    const pubres = resultFor(parseJsonReports(run.stdout)[0], TEST.pubres);
    assert.equal(pubres.status, 'error');
    assert.equal(pubres.error, 'query refused: public or unregistered resolver');
    assert.notEqual(run.code, 1);
  });

  test('a zone that lists everything is unhealthy, its answer not counted', async () => {
    const run = await check(TEST.cleanIp, '--zones', `${TEST.world},${TEST.bl}`, '--json');
    const [report] = parseJsonReports(run.stdout);
    const world = resultFor(report, TEST.world);
    assert.equal(world.status, 'unhealthy');
    assert.match(world.error ?? '', /127\.0\.0\.1/);
    assert.equal(report?.summary.listed, 0);
    assert.equal(report?.summary.unhealthy, 1);
    assert.equal(run.code, 0, 'an unhealthy zone is not a listing');
  });

  test('--dns-client node (c-ares) gives the same verdicts as the UDP client', async () => {
    const zones = ['--zones', [TEST.bl, TEST.multi, TEST.pubres, TEST.world].join(','), '--json'];
    const statuses = async (client: string) => {
      const run = await check(TEST.listedIp, ...zones, '--dns-client', client);
      const [report] = parseJsonReports(run.stdout);
      return report?.results.map((r) => [r.zone, r.status, [...r.codes].sort().join(',')]).sort();
    };
    const udp = await statuses('udp');
    assert.equal(udp?.length, 4);
    assert.deepEqual(await statuses('node'), udp);
  });

  test('exit 3 when every answer is an error', async () => {
    const run = await check(TEST.cleanIp, '--zones', `${TEST.dead},${TEST.pubres}`, '--json');
    assert.equal(run.code, 3, run.stderr);
    const { summary } = parseJsonReports(run.stdout)[0]!;
    assert.equal(summary.error + summary.unverified, 2);
  });
});

describe('check: targets', () => {
  test('a domain: domain lists by name, IP lists by its A records', async () => {
    const run = await check(TEST.listedDomain, '--zones', `${TEST.dbl},${TEST.bl}`, '--json');
    assert.equal(run.code, 1, run.stderr);
    const [report] = parseJsonReports(run.stdout);
    assert.equal(report?.target, TEST.listedDomain);
    const dbl = resultFor(report, TEST.dbl);
    assert.equal(dbl.status, 'listed');
    assert.deepEqual(dbl.codes, ['127.0.1.2']);
    assert.match(dbl.meaning ?? '', /spam domain/);
    assert.equal(dbl.txt, 'Spam domain spammer.example');
    const viaAddress = report?.results.find((r) => r.zone === TEST.bl && r.address === TEST.listedIp);
    assert.equal(viaAddress?.status, 'listed');
  });

  test('a clean domain', async () => {
    const run = await check(TEST.cleanDomain, '--zones', `${TEST.dbl},${TEST.bl}`, '--json');
    assert.equal(run.code, 0, run.stderr);
    const [report] = parseJsonReports(run.stdout);
    assert.equal(resultFor(report, TEST.dbl).status, 'clean');
    assert.equal(report?.results.find((r) => r.zone === TEST.bl)?.status, 'clean');
  });

  test('a /28 is expanded to 16 addresses; exactly the listed ones are listed', async () => {
    const run = await check('198.51.100.0/28', '--zones', TEST.bl, '--json');
    assert.equal(run.code, 1, run.stderr);
    const reports = parseJsonReports(run.stdout);
    assert.equal(reports.length, 16);
    assert.deepEqual(
      reports.map((r) => r.target),
      Array.from({ length: 16 }, (_, i) => `198.51.100.${i}`),
    );
    const listed = reports.filter((r) => r.summary.listed > 0).map((r) => r.target);
    assert.deepEqual(listed, [...TEST.rangeListed]);
  });

  test('a /15 is refused without --force, with a message naming it', async () => {
    const run = await check('10.0.0.0/15', '--zones', TEST.bl);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /10\.0\.0\.0\/15/);
    assert.match(run.stderr, /--force/);
    assert.equal(run.stdout, '');
  });

  test('-f FILE: one target a line, # comments and blank lines skipped', async () => {
    const file = join(fx.dir, 'targets.txt');
    writeFileSync(file, `# mail servers\n${TEST.listedIp}\n\n   # indented comment\n${TEST.cleanIp}\n`);
    const run = await check('-f', file, '--zones', TEST.bl, '--json');
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      parseJsonReports(run.stdout).map((r) => [r.target, r.summary.listed]),
      [
        [TEST.listedIp, 1],
        [TEST.cleanIp, 0],
      ],
    );
  });

  test('-f - reads targets from stdin', async () => {
    const run = await runCheck(
      ['-f', '-', '--zones', TEST.bl, '--json', ...fx.baseArgs],
      `${TEST.cleanIp}\n# x\n`,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      parseJsonReports(run.stdout).map((r) => r.target),
      [TEST.cleanIp],
    );
  });

  test('an invalid target is named; the valid ones still run', async () => {
    const run = await check(TEST.listedIp, 'not_a*target', '--zones', TEST.bl, '--json');
    assert.match(run.stderr, /not_a\*target/);
    const reports = parseJsonReports(run.stdout);
    assert.deepEqual(
      reports.map((r) => r.target),
      [TEST.listedIp],
    );
    assert.equal(resultFor(reports[0], TEST.bl).status, 'listed');
    assert.notEqual(run.code, 0);
  });

  test('only invalid targets: usage error, exit 2', async () => {
    const run = await check('bad*name', '--zones', TEST.bl);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /bad\*name/);
  });
});
