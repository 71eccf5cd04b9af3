import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver } from '../../test/helpers/fake-resolver.js';
import type { RunAssessment } from '../check/assess.js';
import { HealthCache } from '../check/health.js';
import type { TargetReport, ZoneResult } from '../check/types.js';
import { renderNagios } from './check-nagios.js';
import { renderRunHealth } from './check-run.js';
import { isNoteworthy, renderCheckText, resolverHint } from './check-text.js';

function result(zone: string, status: ZoneResult['status'], extra: Partial<ZoneResult> = {}): ZoneResult {
  return {
    zone,
    name: zone,
    status,
    codes: [],
    meaning: null,
    txt: null,
    delist: null,
    policy: null,
    scope: 'ip',
    ms: 3,
    error: null,
    ...extra,
  };
}

function report(results: ZoneResult[]): TargetReport {
  const summary = { listed: 0, clean: 0, error: 0, unhealthy: 0, unverified: 0 };
  for (const r of results) summary[r.status]++;
  return { target: '198.51.100.7', kind: 'ip', results, summary };
}

const listed = report([
  result('a.test', 'clean'),
  result('ips.backscatterer.test', 'listed', {
    codes: ['127.0.0.2'],
    meaning: 'backscatter source',
    txt: 'Listed: sends bounces',
    delist: 'http://www.backscatterer.org/?target=test',
    policy: 'expires 4 weeks after the last hit, or paid express removal',
  }),
  result('dead.test', 'error', { error: 'timeout: no answer' }),
  result('world.test', 'unhealthy', { error: 'lists everything' }),
]);

describe('renderCheckText', () => {
  it('shows listings first with meaning, reason, delist link and policy, then errors, then counts', () => {
    const text = renderCheckText(listed);
    const lines = text.split('\n');
    assert.match(lines[0]!, /198\.51\.100\.7 {2}LISTED on 1 of 4 lists/);
    assert.match(lines[1]!, /LISTED +ips\.backscatterer\.test +127\.0\.0\.2/);
    assert.ok(text.indexOf('delist:  http://www.backscatterer.org') < text.indexOf('ERROR'));
    assert.match(text, /policy: {2}expires 4 weeks/);
    assert.match(text, /ERROR +dead\.test: timeout/);
    assert.match(text, /UNHEALTHY world\.test: lists everything/);
    assert.match(text, /1 clean, 1 listed, 1 error, 1 unhealthy/);
  });
  it('says "could not determine" when every query failed', () => {
    assert.match(
      renderCheckText(report([result('x.test', 'error', { error: 'timeout' })])),
      /could not determine/,
    );
  });
  it('isNoteworthy is false only for all-clean targets', () => {
    assert.equal(isNoteworthy(report([result('a', 'clean')])), false);
    assert.equal(isNoteworthy(listed), true);
  });
});

describe('renderNagios', () => {
  it('CRITICAL with perfdata when listed', () => {
    const n = renderNagios([listed], 120);
    assert.equal(n.status, 2);
    assert.match(
      n.text,
      /^DNSBL CRITICAL - 198\.51\.100\.7 listed on 1\/4: ips\.backscatterer\.test \| listed=1;;1;0;4 clean=1/,
    );
    assert.match(n.text, /time=0\.120s/);
  });
  it('OK, WARNING and UNKNOWN', () => {
    assert.equal(renderNagios([report([result('a', 'clean')])], 1).status, 0);
    assert.equal(renderNagios([report([result('a', 'clean'), result('b', 'error')])], 1).status, 1);
    assert.equal(renderNagios([report([result('b', 'error')])], 1).status, 3);
  });
});

describe('resolverHint', () => {
  const emptied = (i: number) =>
    result(`z${i}.test`, 'unhealthy', {
      error: 'dead or emptied: the RFC 5782 test point 127.0.0.2 (always listed) is not listed',
    });
  const timeout = (i: number) =>
    result(`t${i}.test`, 'error', { error: 'timeout: no answer after 2 tries of 2000 ms' });

  it('blames the resolver when most lists miss their test point', () => {
    const r = report([...Array.from({ length: 8 }, (_, i) => emptied(i)), result('ok.test', 'clean')]);
    assert.match(resolverHint(r) ?? '', /^8 of 9 lists do not list their RFC 5782 test point: the resolver/);
    assert.match(renderCheckText(r), /hint: 8 of 9 lists/);
  });

  it('blames the network when most lists time out', () => {
    const r = report(Array.from({ length: 6 }, (_, i) => timeout(i)));
    assert.match(resolverHint(r) ?? '', /^6 of 6 lists timed out/);
  });

  it('says nothing for a few broken lists among working ones', () => {
    const few = report([
      emptied(1),
      emptied(2),
      timeout(3),
      ...Array.from({ length: 10 }, (_, i) => result(`c${i}.test`, 'clean')),
    ]);
    assert.equal(resolverHint(few), null);
    assert.doesNotMatch(renderCheckText(few), /hint:/);
    assert.equal(resolverHint(listed), null);
  });
});

describe('renderRunHealth (the run header, once per run)', () => {
  const zones = Array.from({ length: 12 }, (_, i) => ({
    zone: `z${i}.test`,
    name: `z${i}.test`,
    health: { state: 'unhealthy' as const, reason: 'dead or emptied: ...' },
  }));
  const health = new HealthCache(createFakeResolver({}));

  it('a broken resolver: the reason first, then one line, nothing per zone', () => {
    const run: RunAssessment = {
      resolver: { verdict: 'broken', cause: 'nxdomain-everything', reason: 'NXDOMAIN for everything' },
      zones,
      hint: null,
      health,
    };
    const { text } = renderRunHealth(run, 256);
    assert.deepEqual(text.trimEnd().split('\n'), [
      'resolver problem: NXDOMAIN for everything',
      'nothing checked: 256 targets not queried on 12 lists (exit 3)',
    ]);
  });

  it('bad lists are named once, at most 8, the hint first; they are not repeated per target', () => {
    const run: RunAssessment = { resolver: { verdict: 'ok' }, zones, hint: 'check the resolver', health };
    const { text, shown } = renderRunHealth(run, 2);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'hint: check the resolver');
    assert.match(text, /and 4 more/);
    assert.equal(shown.size, 12);
    const report: TargetReport = {
      target: '192.0.2.1',
      kind: 'ip',
      results: [result('z0.test', 'unhealthy', { error: 'dead or emptied' })],
      summary: { listed: 0, clean: 0, error: 0, unhealthy: 1, unverified: 0 },
    };
    assert.doesNotMatch(renderCheckText(report, undefined, shown), /UNHEALTHY/);
    assert.equal(isNoteworthy(report, shown), false, 'said once in the header, not per target');
    assert.equal(isNoteworthy(report), true);
    assert.match(renderCheckText(report), /UNHEALTHY/);
  });
});
