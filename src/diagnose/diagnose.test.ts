import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { probeReportFixture } from '../../test/helpers/probe-report.js';
import { parseTarget } from '../core/targets.js';
import type { DnsOutcome, RecordMap, RecordType } from '../dns/types.js';
import { diagnose } from './diagnose.js';
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
