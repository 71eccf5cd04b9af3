/**
 * The monitor end to end on loopback: rbldnsd serving the zones, a listing added to the zone file
 * and rbldnsd sent SIGHUP gives exactly one alert at the webhook receiver and one e-mail at the
 * SMTP sink; removed, one delisting alert; unknown and unhealthy zones never alert.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createMonitor, type Monitor, parseMonitorConfig } from '../../src/monitor/index.js';
import {
  ADDRESS,
  ADDRESS2,
  ADDRESS3,
  DEAD,
  DOMAIN,
  fixtureConfig,
  type MonitorFixture,
  startMonitorFixture,
  WATCH,
  WORLD,
} from './monitor-fixture.js';

let fx: MonitorFixture;
let monitor: Monitor;
let dataDir: string;
const logs: string[] = [];

type Hook = {
  event: string;
  target: string;
  address: string | null;
  codes: string[];
  txt: string | null;
  delist: string | null;
  policy: string | null;
  meaning: string | null;
  id: string;
};
const hooks = () => fx.webhook.received.map((r) => r.body as Hook);
const hooksOf = (event: string) => hooks().filter((h) => h.event === event);

before(async () => {
  fx = await startMonitorFixture();
  dataDir = mkdtempSync(join(tmpdir(), 'mxd-monitor-'));
  monitor = createMonitor({
    config: parseMonitorConfig(fixtureConfig(fx), 'serve.yaml'),
    dataDir,
    resolver: fx.resolver,
    catalog: fx.catalog,
    log: (line) => logs.push(line),
  });
});

after(async () => {
  await monitor?.stop();
  await fx?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('monitor against rbldnsd', () => {
  test('first cycle: one first-scan report per group, nothing listed, unknown and unhealthy said honestly', async () => {
    await monitor.runCycle();
    await fx.webhook.waitFor(2);
    assert.deepEqual(
      hooks()
        .map((h) => h.event)
        .sort(),
      ['first-scan', 'first-scan'],
    );
    const views = await monitor.listTargets();
    const byTarget = new Map(views.map((v) => [v.target, v]));
    assert.equal(byTarget.get(ADDRESS)?.state, 'clean');
    assert.equal(byTarget.get(DOMAIN)?.state, 'clean');
    const broken = byTarget.get('192.0.2.60');
    assert.equal(broken?.state, 'unknown');
    assert.ok(
      broken?.unknown.some((u) => u.zone === DEAD && /timeout/i.test(u.reason)),
      JSON.stringify(broken),
    );
    assert.ok(broken?.unknown.some((u) => u.zone === WORLD && /unhealthy/.test(u.reason)));
    assert.deepEqual(broken?.listings, []);
    assert.deepEqual(
      monitor
        .status()
        .unhealthyZones.map((u) => u.zone)
        .sort(),
      [DEAD, WORLD],
    );
    assert.equal(logs.filter((l) => l.includes(`zone ${WORLD} is unhealthy`)).length, 1);
    assert.ok(byTarget.get(ADDRESS)?.checkedAt);
  });

  test('a listing added and rbldnsd reloaded: exactly one alert, with list, code meaning, TXT, delist link, policy', async () => {
    await fx.setListed(ADDRESS, true);
    await monitor.runCycle();
    await monitor.runCycle();
    await fx.webhook.waitFor(3);
    await new Promise((r) => setTimeout(r, 200));
    const listed = hooksOf('listed');
    assert.equal(listed.length, 1, JSON.stringify(hooks()));
    assert.equal(listed[0]?.target, ADDRESS);
    assert.deepEqual(listed[0]?.codes, ['127.0.0.2']);
    assert.equal(listed[0]?.meaning, 'spam source');
    assert.equal(listed[0]?.txt, `Spam source ${ADDRESS}, see https://${WATCH}/lookup?ip=${ADDRESS}`);
    assert.equal(listed[0]?.delist, `https://${WATCH}/delist`);
    assert.match(listed[0]?.policy ?? '', /request removal/);
    const hook = fx.webhook.received.find((r) => (r.body as Hook).event === 'listed');
    assert.equal(hook?.headers['idempotency-key'], listed[0]?.id);
    const view = await monitor.getTarget(ADDRESS);
    assert.equal(view?.state, 'listed');
    assert.equal(view?.listings[0]?.zone, WATCH);
    assert.equal(view?.listings[0]?.delist, `https://${WATCH}/delist`);
    const history = await monitor.history(ADDRESS);
    assert.deepEqual(
      history.map((h) => [h.zone, h.event]),
      [[WATCH, 'listed']],
    );
  });

  test('the e-mail alert reaches the SMTP sink', async () => {
    await fx.smtp.waitFor(3);
    // The body is quoted-printable: undo soft line breaks and =3D before matching.
    const decoded = fx.smtp.messages.map((m) => ({
      ...m,
      data: m.data.replace(/=\r\n/g, '').replace(/=3D/g, '='),
    }));
    const mail = decoded.find((m) => /is listed on MXD Watch BL/.test(m.data));
    assert.ok(mail, decoded.map((m) => m.data).join('\n---\n'));
    assert.deepEqual(mail.to, ['postmaster@example.com']);
    assert.match(mail.data, /Delist: https:\/\/watch\.mxd\.test\/delist/);
    assert.match(mail.data, /Reason: Spam source 192\.0\.2\.50/);
  });

  test('a domain is watched through its MX and SPF addresses, re-discovered each cycle', async () => {
    await fx.setListed(ADDRESS3, true);
    await monitor.runCycle();
    const view = await monitor.getTarget(DOMAIN);
    assert.equal(view?.state, 'listed');
    assert.deepEqual(
      view?.listings.map((l) => l.address),
      [ADDRESS3],
    );
    await fx.setListed(ADDRESS2, true);
    await monitor.runCycle();
    assert.deepEqual((await monitor.getTarget(DOMAIN))?.listings.map((l) => l.address).sort(), [
      ADDRESS2,
      ADDRESS3,
    ]);
    await fx.setListed(ADDRESS2, false);
    await fx.setListed(ADDRESS3, false);
    await monitor.runCycle();
    assert.equal((await monitor.getTarget(DOMAIN))?.state, 'clean');
  });

  test('the listing removed: one delisting alert', async () => {
    const before = hooksOf('delisted').filter((h) => h.target === ADDRESS).length;
    await fx.setListed(ADDRESS, false);
    await monitor.runCycle();
    await monitor.runCycle();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(before, 0);
    assert.equal(hooksOf('delisted').filter((h) => h.target === ADDRESS).length, 1);
    assert.equal((await monitor.getTarget(ADDRESS))?.state, 'clean');
    assert.deepEqual(
      (await monitor.history(ADDRESS)).map((h) => h.event),
      ['delisted', 'listed'],
    );
    assert.equal(hooksOf('listed').filter((h) => h.target === '192.0.2.60').length, 0);
  });

  test('mail DNS record drift: an SPF change alerts once', async () => {
    const before = hooksOf('record-changed').length;
    await fx.setSpf(`v=spf1 mx ip4:${ADDRESS3} ip4:192.0.2.53 -all`);
    await monitor.runCycle();
    await monitor.runCycle();
    await new Promise((r) => setTimeout(r, 200));
    const drift = hooksOf('record-changed');
    assert.equal(before, 0);
    assert.equal(drift.length, 1);
    assert.equal(drift[0]?.target, DOMAIN);
    assert.match(
      (drift[0] as unknown as { summary: string }).summary,
      /SPF changed\n {2}was: v=spf1 mx ip4:192\.0\.2\.52 -all\n {2}now: .*192\.0\.2\.53/,
    );
  });

  test('secrets stay out of the logs; the test alert reaches every channel', async () => {
    const outcomes = await monitor.sendTestAlert();
    assert.deepEqual(
      outcomes.map((o) => [o.channel, o.ok]),
      [
        ['webhook:0', true],
        ['email:1', true],
      ],
    );
    assert.ok(!logs.some((l) => l.includes('secret-token-123')), logs.join('\n'));
  });

  test('metrics: cycles counted, listed series only for listed targets', async () => {
    const text = await (monitor as Monitor & { registry: import('prom-client').Registry }).registry.metrics();
    assert.match(text, /mxdoctor_monitor_cycles_total\{group="mail"\} \d+/);
    assert.doesNotMatch(text, /mxdoctor_monitor_listed\{/);
    assert.match(text, /mxdoctor_monitor_alerts_total\{channel="webhook:0",outcome="sent"\} \d+/);
  });
});
