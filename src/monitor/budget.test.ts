import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCatalog } from '../check/index.js';
import { computeBudgets, dailyLimit } from './budget.js';
import type { GroupConfig } from './types.js';

const catalog = parseCatalog(
  [
    { zone: 'zen.spamhaus.org', kind: 'ip' },
    { zone: 'dbl.spamhaus.org', kind: 'domain' },
    { zone: 'bl.example', kind: 'ip' },
    { zone: 'abcdefghijklmnop1234.zen.dq.spamhaus.net', kind: 'ip' },
  ],
  'test',
);
const group = (name: string, hours: number): GroupConfig => ({
  name,
  intervalMs: hours * 3_600_000,
  zones: null,
  targets: [],
  records: false,
});

test('budgets: per list, per day, addresses for IP lists and domains for domain lists, plus test points', () => {
  const views = computeBudgets([{ group: group('g', 1), zones: catalog, addresses: 100, domains: 3 }], {});
  const byZone = new Map(views.map((v) => [v.zone, v]));
  assert.equal(byZone.get('zen.spamhaus.org')?.queriesPerDay, (100 + 2) * 24);
  assert.equal(byZone.get('dbl.spamhaus.org')?.queriesPerDay, (3 + 2) * 24);
  assert.equal(byZone.get('zen.spamhaus.org')?.limitPerDay, 300_000);
  assert.equal(byZone.get('bl.example')?.limitPerDay, null);
  assert.equal(byZone.get('zen.spamhaus.org')?.advice, null);
  // The DQS key never shows.
  assert.ok(byZone.has('abcd….zen.dq.spamhaus.net'));
  assert.ok(!views.some((v) => v.zone.includes('abcdefghijklmnop')));
});

test('budgets: near the limit (80 %) advises, with an interval that would fit; groups add up', () => {
  // 2 groups: 10,000 addresses hourly + 1,000 every 2 h = 240,048 + 12,024 queries on ZEN.
  const zen = catalog.filter((z) => z.zone === 'zen.spamhaus.org');
  const [view] = computeBudgets(
    [
      { group: group('a', 1), zones: zen, addresses: 10_000, domains: 0 },
      { group: group('b', 2), zones: zen, addresses: 1_000, domains: 0 },
    ],
    {},
  );
  assert.equal(view?.queriesPerDay, 252_072);
  assert.match(
    view?.advice ?? '',
    /252,072 queries\/day is near the 300,000\/day free use of zen\.spamhaus\.org/,
  );
  assert.match(
    view?.advice ?? '',
    /own recursive resolver .*DQS key.*lengthen the interval to (\d+)m or more/,
  );
  const minutes = Number(/interval to (\d+)m/.exec(view?.advice ?? '')?.[1]);
  // At that interval for both groups, the load falls under 80 % of the limit.
  assert.ok(((10_000 + 1_000 + 4) * 1440) / minutes <= 240_000, String(minutes));
});

test('budgets: a configured limit overrides the known one; an empty group costs nothing', () => {
  assert.equal(dailyLimit('zen.spamhaus.org', { 'zen.spamhaus.org': 1_000_000 }), 1_000_000);
  assert.equal(dailyLimit('bl.example', { 'bl.example': 50 }), 50);
  const [view] = computeBudgets(
    [{ group: group('g', 1), zones: catalog.slice(2, 3), addresses: 1, domains: 0 }],
    { 'bl.example': 50 },
  );
  assert.match(view?.advice ?? '', /over the 50\/day/);
  const [empty] = computeBudgets(
    [{ group: group('g', 1), zones: catalog.slice(2, 3), addresses: 0, domains: 0 }],
    {},
  );
  assert.equal(empty?.queriesPerDay, 0);
});
