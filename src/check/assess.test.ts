import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver, type FakeZone } from '../../test/helpers/fake-resolver.js';
import { parseTarget } from '../core/targets.js';
import type { DnsOutcome } from '../dns/types.js';
import { assessZones, judgeResolver, MIN_GRACE_MS, type ZoneAssessment } from './assess.js';
import { parseCatalog } from './catalog.js';
import { checkTargets } from './check.js';
import { BREAKER_TIMEOUTS, DEAD_ZONE_REASON } from './health.js';
import type { TargetReport } from './types.js';

const catalog = (...zones: string[]) =>
  parseCatalog(
    zones.map((zone) => ({ zone, kind: 'ip' })),
    'test',
  );

const emptied = (zone: string): ZoneAssessment => ({
  zone,
  name: zone,
  health: {
    state: 'unhealthy',
    reason: `${DEAD_ZONE_REASON}: the RFC 5782 test point 127.0.0.2 is not listed`,
  },
});
const out = (status: DnsOutcome<string>['status']): DnsOutcome<string> =>
  status === 'answer' ? { status, records: ['a.root'], ms: 0 } : { status, ms: 0 };

describe('judgeResolver', () => {
  it('nothing answers, the root included: unreachable', () => {
    const v = judgeResolver([], [{ positive: 'timeout', negative: 'error' }], out('timeout'));
    assert.equal(v.verdict === 'broken' && v.cause, 'unreachable');
  });

  it('REFUSED or SERVFAIL for every test point of several lists: broken', () => {
    const refused = { positive: 'refused', negative: 'refused' } as const;
    const servfail = { positive: 'servfail', negative: 'servfail' } as const;
    const r = judgeResolver([], [refused, refused], out('refused'));
    assert.equal(r.verdict === 'broken' && r.cause, 'refused');
    const s = judgeResolver([], [servfail, servfail], out('servfail'));
    assert.equal(s.verdict === 'broken' && s.cause, 'servfail');
    assert.equal(
      judgeResolver([], [refused], out('refused')).verdict,
      'ok',
      'one list refusing is that list',
    );
    const lost = { positive: 'timeout', negative: 'refused' } as const;
    const mostly = judgeResolver([], [refused, lost, refused], out('timeout'));
    assert.equal(
      mostly.verdict === 'broken' && mostly.cause,
      'refused',
      'a lost answer does not hide the pattern',
    );
    const healthy: ZoneAssessment = { zone: 'h.test', name: 'h.test', health: { state: 'healthy' } };
    assert.equal(judgeResolver([healthy], [refused, refused], out('refused')).verdict, 'ok');
  });

  it('every list emptied: NXDOMAIN for everything; one emptied list only with the root NXDOMAIN too', () => {
    const nx = { positive: 'nxdomain', negative: 'nxdomain' } as const;
    const two = judgeResolver([emptied('a.test'), emptied('b.test')], [nx, nx], out('refused'));
    assert.equal(two.verdict === 'broken' && two.cause, 'nxdomain-everything');
    assert.equal(judgeResolver([emptied('a.test')], [nx], out('refused')).verdict, 'ok');
    const lying = judgeResolver([emptied('a.test')], [nx], out('nxdomain'));
    assert.equal(lying.verdict === 'broken' && lying.cause, 'nxdomain-everything');
    const healthy: ZoneAssessment = { zone: 'c.test', name: 'c.test', health: { state: 'healthy' } };
    assert.equal(judgeResolver([emptied('a.test'), healthy], [nx, nx], out('nxdomain')).verdict, 'ok');
  });
});

async function collect(gen: AsyncGenerator<TargetReport>): Promise<TargetReport[]> {
  const all: TargetReport[] = [];
  for await (const r of gen) all.push(r);
  return all;
}

describe('assessZones and checkTargets', () => {
  it('a list silent at its test points is not asked about targets: unverified, never clean', async () => {
    const zone: FakeZone = {
      '2.0.0.127.live.test': { A: ['127.0.0.2'] },
      '2.0.0.127.dead.test': { A: 'timeout' },
      '1.0.0.127.dead.test': { A: 'timeout' },
    };
    const resolver = createFakeResolver(zone);
    const lists = catalog('live.test', 'dead.test');
    const run = await assessZones(lists, resolver);
    assert.equal(run.resolver.verdict, 'ok');
    const dead = run.zones.find((z) => z.zone === 'dead.test')?.health;
    assert.equal(dead?.state === 'unknown' && dead.silent, true);
    const targets = ['192.0.2.1', '192.0.2.2'].map((t) => parseTarget(t));
    const reports = await collect(checkTargets(targets, { resolver, catalog: lists, health: run.health }));
    for (const r of reports) {
      assert.equal(r.results.find((x) => x.zone === 'dead.test')?.status, 'unverified');
      assert.equal(r.results.find((x) => x.zone === 'live.test')?.status, 'clean');
      assert.equal(r.summary.unverified, 1);
    }
    assert.ok(!resolver.queries.some((q) => q.includes('2.0.192.dead.test')), resolver.queries.join(' '));
  });

  it('once most lists answered, a silent one is given a grace, not the whole DNS timeout', async () => {
    const zone: FakeZone = {
      '2.0.0.127.slow.test': { A: 'timeout' },
      '1.0.0.127.slow.test': { A: 'timeout' },
    };
    for (const z of ['a', 'b', 'c']) zone[`2.0.0.127.${z}.test`] = { A: ['127.0.0.2'] };
    // The fake's timeout takes 60 s: only the grace can end the assessment in this test's time.
    const resolver = createFakeResolver(zone, { timeoutMs: 60_000 });
    const lists = catalog('a.test', 'b.test', 'c.test', 'slow.test');
    const run = await assessZones(lists, resolver, { deadlineMs: 60_000 });
    const slow = run.zones.find((z) => z.zone === 'slow.test')?.health;
    assert.equal(slow?.state, 'unknown');
    assert.match(
      slow?.state === 'unknown' ? slow.reason : '',
      new RegExp(`within ${MIN_GRACE_MS} ms, while 3 of 4`),
    );
    assert.equal(run.health.tripped('slow.test')?.startsWith('not queried'), true);
    resolver.close();
  });

  it('test points half answered: the NXDOMAIN of a target is unverified, not clean', async () => {
    const resolver = createFakeResolver({ '2.0.0.127.quiet.test': { A: 'timeout' } });
    const lists = catalog('quiet.test');
    const run = await assessZones(lists, resolver);
    const [report] = await collect(
      checkTargets([parseTarget('192.0.2.1')], { resolver, catalog: lists, health: run.health }),
    );
    assert.equal(report?.results[0]?.status, 'unverified');
    assert.equal(report?.summary.clean, 0);
  });

  it(`a list that times out ${BREAKER_TIMEOUTS} times in a row is not asked again in the run`, async () => {
    const zone: FakeZone = { '2.0.0.127.flaky.test': { A: ['127.0.0.2'] } };
    const ips = Array.from({ length: 10 }, (_, i) => `192.0.2.${i + 1}`);
    for (const ip of ips) zone[`${ip.split('.').reverse().join('.')}.flaky.test`] = { A: 'timeout' };
    const resolver = createFakeResolver(zone);
    const lists = catalog('flaky.test');
    const run = await assessZones(lists, resolver);
    const reports = await collect(
      checkTargets(
        ips.map((t) => parseTarget(t)),
        { resolver, catalog: lists, health: run.health, targetConcurrency: 1 },
      ),
    );
    const asked = resolver.queries.filter((q) => q.startsWith('A ') && q.includes('.2.0.192.flaky.test'));
    assert.equal(asked.length, BREAKER_TIMEOUTS);
    assert.deepEqual(
      reports.map((r) => r.results[0]?.status),
      [...Array(BREAKER_TIMEOUTS).fill('error'), ...Array(10 - BREAKER_TIMEOUTS).fill('unverified')],
    );
  });
});
