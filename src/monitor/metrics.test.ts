import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetrics } from './metrics.js';
import type { TargetView } from './types.js';

function view(target: string, name: string | null, zones: string[] = []): TargetView {
  return {
    target,
    name,
    group: 'default',
    kind: 'ip',
    state: zones.length > 0 ? 'listed' : 'clean',
    listings: zones.map((zone) => ({
      zone,
      name: zone,
      address: target,
      since: '2026-01-01T00:00:00.000Z',
      codes: ['127.0.0.2'],
      txt: null,
      meaning: null,
      delist: null,
      policy: null,
    })),
    unknown: [],
    checkedAt: '2026-01-01T00:00:00.000Z',
    addedAt: '2026-01-01T00:00:00.000Z',
  };
}

test('metrics from a views source: recomputed at scrape time only when the views changed', async () => {
  let views: readonly TargetView[] = [view('192.0.2.1', 'mail-out-1'), view('192.0.2.2', null, ['bl.test'])];
  let reads = 0;
  const metrics = createMetrics(() => {
    reads++;
    return { views, unhealthyZones: 0 };
  });
  let text = await metrics.registry.metrics();
  assert.ok(reads > 0);
  assert.match(text, /^mxdoctor_monitor_target_listed\{target="192\.0\.2\.1",name="mail-out-1"\} 0$/m);
  assert.match(text, /^mxdoctor_monitor_listed\{target="192\.0\.2\.2",zone="bl\.test"\} 1$/m);
  assert.match(text, /^mxdoctor_monitor_target_last_checked_timestamp_seconds\{[^}]+\} 1767225600$/m);
  assert.doesNotMatch(text, /mxdoctor_monitor_target_\w+\{target="192\.0\.2\.2"/);
  // A rename and a removal: a new views array, seen at the next scrape.
  views = [view('192.0.2.1', 'renamed')];
  text = await metrics.registry.metrics();
  assert.match(text, /name="renamed"/);
  assert.doesNotMatch(text, /mail-out-1|192\.0\.2\.2/);
  assert.match(text, /^mxdoctor_monitor_targets\{group="default",state="clean"\} 1$/m);
});
