import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { probeReportFixture } from '../../test/helpers/probe-report.js';
import type { ChangeBatch, StoredTarget } from './ports.js';
import { probeDue, SMTP_PROBE_INTERVAL_MS, smtpRefusal, watchSmtp } from './smtp-watch.js';
import { createMemoryStore } from './store-memory.js';

const at = (hours: number) => new Date(Date.parse('2026-01-01T00:00:00Z') + hours * 3_600_000);
const last = { target: 'example.test', host: 'mx.example.test', at: at(0).toISOString(), verdict: null };

test('probeDue: never probed, a day old; the cycle nearest the day mark probes, not one later', () => {
  assert.equal(probeDue(undefined, at(0)), true);
  assert.equal(probeDue(last, at(23)), false);
  assert.equal(probeDue(last, at(24)), true);
  // Hourly cycles: 23.6 h is the nearest to the mark (the next would be 24.6 h): it probes.
  assert.equal(probeDue(last, at(23.6), 3_600_000), true);
  assert.equal(probeDue(last, at(23.4), 3_600_000), false);
  // A weekly group never probes more than about daily.
  assert.equal(probeDue(last, at(17), 7 * SMTP_PROBE_INTERVAL_MS), false);
  assert.equal(probeDue(last, at(18), 7 * SMTP_PROBE_INTERVAL_MS), true);
});

describe('watchSmtp with the config allow list', () => {
  const zone = {
    'lan.test': { MX: [{ preference: 10, exchange: 'mx.lan.test' }] },
    'mx.lan.test': { A: ['10.0.0.25'] },
    'ok.test': { MX: [{ preference: 10, exchange: 'mx.ok.test' }] },
    'mx.ok.test': { A: ['93.184.216.34'] },
  } satisfies FakeZone;
  const domain = (target: string): StoredTarget => ({
    target,
    group: 'g',
    kind: 'domain',
    addedAt: '2026-01-01T00:00:00.000Z',
    firstScanAt: null,
    name: null,
    source: 'api',
  });

  async function run(allow: { loopback: boolean; private: boolean }) {
    const calls: [string, string | undefined][] = [];
    const logged: string[] = [];
    const batch: Pick<ChangeBatch, 'records' | 'events' | 'probes'> = { records: [], events: [] };
    await watchSmtp(
      createMemoryStore(),
      createFakeResolver(zone),
      [domain('lan.test'), domain('ok.test')],
      at(0),
      {
        port: 25,
        allow,
        log: (line) => logged.push(line),
        probe: async (host, _port, _domain, ip) => {
          calls.push([host, ip]);
          return probeReportFixture();
        },
      },
      batch,
    );
    return { calls, logged, batch };
  }

  test('an MX on a private address is not probed unless allowed; the probe gets the checked address', async () => {
    const refused = await run({ loopback: false, private: false });
    assert.deepEqual(refused.calls, [['mx.ok.test', '93.184.216.34']]);
    assert.deepEqual(refused.logged, [
      'smtp watch: MX mx.lan.test of lan.test: 10.0.0.25 is a private address: not probed (set allow.private: true in the config to allow it)',
    ]);
    // Recorded without a verdict: tried again tomorrow, not every cycle.
    assert.deepEqual(
      refused.batch.probes?.map((p) => [p.host, p.verdict]),
      [
        ['mx.lan.test', null],
        ['mx.ok.test', 'relay refused; rejects unknown recipients'],
      ],
    );
    const allowed = await run({ loopback: false, private: true });
    assert.deepEqual(allowed.calls, [
      ['mx.lan.test', '10.0.0.25'],
      ['mx.ok.test', '93.184.216.34'],
    ]);
  });

  test('an open relay at its first probe is said once (a baseline must not hide it); a clean one is silent', async () => {
    const store = createMemoryStore();
    const batch: Pick<ChangeBatch, 'records' | 'events' | 'probes'> = { records: [], events: [] };
    const openRelay = probeReportFixture({
      checks: {
        ...probeReportFixture().checks,
        openRelay: { address: 'x@relay.test', reply: null, detail: '', verdict: 'open' },
      },
    });
    const watch = { port: 25, allow: { loopback: false, private: true }, probe: async () => openRelay };
    await watchSmtp(
      store,
      createFakeResolver(zone),
      [domain('lan.test'), domain('ok.test')],
      at(0),
      watch,
      batch,
    );
    assert.equal(batch.events.length, 2);
    assert.deepEqual(
      batch.events.map((e) => [e.event, e.target, e.detail.summary]),
      [
        [
          'smtp-changed',
          'lan.test',
          'SMTP mx.lan.test on its first probe: OPEN RELAY; rejects unknown recipients',
        ],
        [
          'smtp-changed',
          'ok.test',
          'SMTP mx.ok.test on its first probe: OPEN RELAY; rejects unknown recipients',
        ],
      ],
    );
    const clean = await run({ loopback: false, private: true });
    assert.deepEqual(clean.batch.events, []);
  });

  test('smtpRefusal: global unicast yes; loopback, private, link-local only as allowed', () => {
    const none = { loopback: false, private: false };
    assert.equal(smtpRefusal('93.184.216.34', none), null);
    assert.match(smtpRefusal('192.0.2.1', none) ?? '', /reserved/);
    assert.match(smtpRefusal('127.0.0.1', none) ?? '', /loopback.*allow\.loopback/);
    assert.equal(smtpRefusal('127.0.0.1', { loopback: true, private: false }), null);
    assert.match(smtpRefusal('169.254.169.254', { loopback: true, private: true }) ?? '', /linkLocal/);
    assert.match(smtpRefusal('fd00::1', none) ?? '', /uniqueLocal.*allow\.private/);
  });
});
