/**
 * The daily SMTP watch through the real probe (src/probe) against a scripted SMTP server on
 * loopback: the first probe is the baseline, a server that starts relaying alerts once, and a
 * second probe within the day is not made, even across a restart (the last probe is in the store).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createMonitor, type Monitor, parseMonitorConfig } from '../../src/monitor/index.js';
import { systemClock } from '../../src/monitor/ports.js';
import { type ScriptedServer, startScriptedSmtp, tableScript } from '../helpers/scripted-smtp.js';
import { type MonitorFixture, startMonitorFixture, WATCH } from './monitor-fixture.js';

let fx: MonitorFixture;
let smtp: ScriptedServer;
let monitor: Monitor;
let dataDir: string;
let yaml: string;
let relayOpen = false;
let offsetMs = 0;

before(async () => {
  fx = await startMonitorFixture();
  smtp = await startScriptedSmtp(
    tableScript({
      greeting: '220 mx.relay.example ESMTP\r\n',
      replies: {
        EHLO: '250-mx.relay.example\r\n250 8BITMIME\r\n',
        HELO: '250 mx.relay.example\r\n',
        MAIL: '250 2.1.0 Ok\r\n',
        RCPT: (line) => {
          if (/mxdoctor-relay-/.test(line))
            return relayOpen ? '250 2.1.5 Ok\r\n' : '554 5.7.1 Relay access denied\r\n';
          if (/mxdoctor-probe-/.test(line)) return '550 5.1.1 User unknown\r\n';
          return '250 2.1.5 Ok\r\n';
        },
        RSET: '250 2.0.0 Ok\r\n',
        QUIT: '221 2.0.0 Bye\r\n',
      },
    }),
  );
  dataDir = mkdtempSync(join(tmpdir(), 'mxd-monitor-smtp-'));
  // The scripted MX is on loopback: allowed here, as the tests allow it for the API's probe.
  yaml = `jitter: 0
allow: { loopback: true }
smtpPort: ${smtp.port}
groups:
  - name: mail
    zones: [${WATCH}]
    smtp: true
    targets: [relay.example]
alerts:
  - type: webhook
    url: ${fx.webhook.url}
`;
  monitor = open();
});

/** A monitor on the data folder: called again after stop(), it is a restart. */
function open(): Monitor {
  return createMonitor({
    config: parseMonitorConfig(yaml, 'serve.yaml'),
    dataDir,
    resolver: fx.resolver,
    catalog: fx.catalog,
    clock: { now: () => new Date(Date.now() + offsetMs), setTimeout: systemClock.setTimeout },
  });
}

async function restart(): Promise<void> {
  await monitor.stop();
  monitor = open();
}

after(async () => {
  await monitor?.stop();
  await smtp?.stop();
  await fx?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const drift = () => fx.webhook.received.filter((r) => (r.body as { event: string }).event === 'smtp-changed');

test('an MX that starts relaying alerts once; probes are daily', async () => {
  await monitor.runCycle();
  const probes = smtp.received.length;
  assert.ok(probes >= 1, 'the MX was probed');
  assert.ok(!smtp.received.flat().some((l) => /^DATA/i.test(l)), 'the probe never sends DATA');

  relayOpen = true;
  await monitor.runCycle();
  assert.equal(smtp.received.length, probes, 'no second probe within the day');
  await restart();
  offsetMs = 20 * 3_600_000;
  await monitor.runCycle();
  assert.equal(smtp.received.length, probes, 'a restart does not probe again within the day');
  assert.equal(drift().length, 0);

  offsetMs = 25 * 3_600_000;
  await restart();
  await monitor.runCycle();
  assert.equal(smtp.received.length, probes + 1, 'a day after the last probe, a restarted monitor probes');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(drift().length, 1);
  const body = drift()[0]!.body as { summary: string; title: string };
  assert.equal(body.title, 'SMTP check of relay.example changed');
  const summary = body.summary;
  assert.match(
    summary,
    /SMTP mx\.relay\.example changed\n {2}was: relay refused; rejects unknown recipients\n {2}now: OPEN RELAY/,
  );
  await restart();
  await monitor.runCycle();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(smtp.received.length, probes + 1, 'no probe again after the restart');
  assert.equal(drift().length, 1, 'the alert is not repeated');
});
