import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TargetReport, ZoneResult } from '../check/types.js';
import { blocklistItems, neighbourhoodOf } from './blocklists.js';

function zone(overrides: Partial<ZoneResult>): ZoneResult {
  return {
    zone: 'bl.test',
    name: 'Test BL',
    status: 'clean',
    codes: [],
    meaning: null,
    txt: null,
    delist: null,
    policy: null,
    scope: 'ip',
    ms: 1,
    error: null,
    ...overrides,
  };
}

function report(target: string, results: ZoneResult[]): TargetReport {
  return {
    target,
    kind: 'ip',
    results,
    summary: { listed: 0, clean: 0, error: 0, unhealthy: 0, unverified: 0 },
  };
}

describe('blocklistItems', () => {
  it("separates the address's own listings from its neighbourhood", () => {
    const items = blocklistItems([
      report('192.0.2.7', [
        zone({ status: 'clean' }),
        zone({ zone: 'l2.test', name: 'L2', status: 'listed', scope: 'range', codes: ['127.0.0.2'] }),
      ]),
      report('192.0.2.9', [
        zone({ status: 'clean' }),
        zone({ zone: 'l2.test', name: 'L2', status: 'listed', scope: 'range' }),
      ]),
    ]);
    assert.equal(items.find((i) => i.id === 'lists.ip:192.0.2.7')?.status, 'ok');
    const hood = items.filter((i) => i.id.startsWith('lists.neighbourhood'));
    assert.equal(hood.length, 1, 'one item per /24, not per address');
    assert.equal(hood[0]!.id, 'lists.neighbourhood:192.0.2.0/24');
    assert.match(hood[0]!.evidence.join('\n'), /192\.0\.2\.7, 192\.0\.2\.9/);
  });

  it('reports a listing with its reason and delisting, and all-error as unknown', () => {
    const listed = blocklistItems([
      report('192.0.2.7', [
        zone({ status: 'listed', codes: ['127.0.0.2'], txt: 'spam', delist: 'https://bl.test/x' }),
      ]),
    ]);
    assert.equal(listed[0]!.status, 'problem');
    assert.match(listed[0]!.fix ?? '', /https:\/\/bl\.test\/x/);
    const failed = blocklistItems([report('192.0.2.7', [zone({ status: 'error', error: 'timeout' })])]);
    assert.equal(failed[0]!.status, 'unknown');
  });

  it('names the neighbourhood of IPv4 and IPv6 addresses', () => {
    assert.equal(neighbourhoodOf('198.51.100.7'), '198.51.100.0/24');
    assert.equal(neighbourhoodOf('2001:db8::25'), '2001:db8::/64');
    assert.equal(neighbourhoodOf('2001:db8:1:2:3::1'), '2001:db8:1:2::/64');
  });
});
