import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { probeReportFixture } from '../../test/helpers/probe-report.js';
import { parseTarget } from '../core/targets.js';
import type { DnsOutcome, RecordMap, RecordType } from '../dns/types.js';
import { diagnose, MAX_ADDRESSES_PER_HOST, MAX_PROBES_IN_FLIGHT } from './diagnose.js';
import { rankFixes } from './rank.js';
import type { DiagnoseItem, ProbeTarget, ProbeView } from './types.js';

const HEALTHY: FakeZone = {
  'ok.test': { MX: [{ preference: 10, exchange: 'mail.ok.test' }], TXT: ['v=spf1 mx -all'] },
  'mail.ok.test': { A: ['192.0.2.25'] },
  '25.2.0.192.in-addr.arpa': { PTR: ['mail.ok.test'] },
  '_dmarc.ok.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:dmarc@ok.test'] },
  '_mta-sts.ok.test': { TXT: ['v=STSv1; id=20261126'] },
  '_smtp._tls.ok.test': { TXT: ['v=TLSRPTv1; rua=mailto:tls@ok.test'] },
};

const probe = async (t: ProbeTarget): Promise<ProbeView> =>
  probeReportFixture({ host: t.host, ip: t.ip, port: t.port });

describe('diagnose', () => {
  it('caps the addresses of an MX host, says so, and bounds the probes in flight', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `192.0.2.${i + 1}`);
    const zone: FakeZone = { ...HEALTHY, 'mail.ok.test': { A: many } };
    let inFlight = 0;
    let peak = 0;
    let probed = 0;
    const slowProbe = async (t: ProbeTarget): Promise<ProbeView> => {
      probed++;
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return probeReportFixture({ host: t.host, ip: t.ip, port: t.port });
    };
    const report = await diagnose(parseTarget('ok.test'), {
      resolver: createFakeResolver(zone),
      catalog: [],
      probe: slowProbe,
    });
    assert.equal(probed, MAX_ADDRESSES_PER_HOST);
    assert.ok(peak <= MAX_PROBES_IN_FLIGHT, `peak ${peak}`);
    const capped = report.items.find((i) => i.id === 'incomplete.addresses:mail.ok.test');
    assert.equal(capped?.status, 'unknown');
    assert.match(capped?.evidence.join(' ') ?? '', /40 addresses; the first 8 were examined/);
  });

  it('a resolver that says the root does not exist: the one problem, nothing else judged', async () => {
    const resolver = createFakeResolver({ ...HEALTHY, '': { NS: 'nxdomain' } });
    const report = await diagnose(parseTarget('ok.test'), { resolver, catalog: [], probe });
    assert.equal(report.resolver.verdict, 'broken');
    assert.deepEqual(
      report.topFixes.map((i) => i.id),
      ['resolver'],
    );
    assert.ok(!resolver.queries.some((q) => q.endsWith(' ok.test')), resolver.queries.join(', '));
  });

  it('finds nothing to fix on a healthy domain', async () => {
    const report = await diagnose(parseTarget('ok.test'), {
      resolver: createFakeResolver(HEALTHY),
      catalog: [],
      probe,
    });
    const notOk = report.items.filter((i) => i.status !== 'ok' && !i.id.startsWith('lists.'));
    assert.deepEqual(notOk, []);
    assert.deepEqual(report.topFixes, []);
    assert.deepEqual(report.addresses, ['192.0.2.25']);
    assert.equal(report.items.find((i) => i.id === 'rdns.greeting:192.0.2.25')?.status, 'ok');
    assert.equal(report.probe.length, 1);
  });

  it('reports a part that does not answer in time as unknown and completes the rest', async () => {
    const base = createFakeResolver(HEALTHY);
    const hanging = {
      ...base,
      query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
        if (name === '_dmarc.ok.test') return new Promise(() => {});
        return base.query(name, type);
      },
    };
    const events: string[] = [];
    const report = await diagnose(parseTarget('ok.test'), {
      resolver: hanging,
      catalog: [],
      partTimeoutMs: 100,
      onProgress: (e) => events.push(`${e.part}:${e.state}`),
    });
    const dmarc = report.items.filter((i) => i.section === 'dmarc');
    assert.equal(dmarc.length, 1);
    assert.equal(dmarc[0]!.status, 'unknown');
    assert.deepEqual(
      report.incomplete.map((p) => p.part),
      ['dmarc'],
    );
    assert.equal(report.items.find((i) => i.id === 'spf.record')?.status, 'ok');
    assert.ok(events.includes('dmarc:timeout'));
    assert.ok(events.includes('mx:done'));
  });

  it('examines single sending addresses named in SPF (reverse DNS, lists; no SMTP)', async () => {
    const zone: FakeZone = {
      ...HEALTHY,
      'ok.test': { ...HEALTHY['ok.test'], TXT: ['v=spf1 mx ip4:192.0.2.77 -all'] },
    };
    const probed: string[] = [];
    const report = await diagnose(parseTarget('ok.test'), {
      resolver: createFakeResolver(zone),
      catalog: [],
      probe: async (t) => {
        probed.push(t.ip);
        return probe(t);
      },
    });
    assert.deepEqual(report.addresses, ['192.0.2.25', '192.0.2.77']);
    assert.equal(report.items.find((i) => i.id === 'rdns.ptr:192.0.2.77')?.status, 'problem');
    assert.deepEqual(probed, ['192.0.2.25']);
  });

  it('diagnoses a bare IP: reverse DNS and SMTP, no domain records', async () => {
    const report = await diagnose(parseTarget('192.0.2.25'), {
      resolver: createFakeResolver(HEALTHY),
      catalog: [],
      probe,
    });
    assert.equal(report.kind, 'ip');
    assert.ok(report.items.some((i) => i.id === 'rdns.fcrdns:192.0.2.25' && i.status === 'ok'));
    assert.ok(!report.items.some((i) => i.section === 'spf'));
  });

  it('rejects a range', async () => {
    await assert.rejects(
      diagnose(parseTarget('192.0.2.0/24'), { resolver: createFakeResolver({}), catalog: [] }),
      /not a range/,
    );
  });
});

describe('rankFixes', () => {
  const mk = (id: string, status: DiagnoseItem['status'], weight: number): DiagnoseItem => ({
    id,
    section: 'mx',
    status,
    title: id,
    evidence: [],
    fix: 'do it',
    weight,
  });
  it('orders by weight, one per kind of fix, at most three, never ok or unknown', () => {
    const top = rankFixes([
      mk('transport.tls-rpt', 'warning', 4),
      mk('rdns.ptr:192.0.2.1', 'problem', 85),
      mk('rdns.ptr:192.0.2.2', 'problem', 85),
      mk('lists.ip:192.0.2.1', 'problem', 92),
      mk('dmarc.record', 'problem', 75),
      mk('spf.record', 'unknown', 99),
      mk('mx.records', 'ok', 100),
    ]);
    assert.deepEqual(
      top.map((i) => i.id),
      ['lists.ip:192.0.2.1', 'rdns.ptr:192.0.2.1', 'dmarc.record'],
    );
  });
});
