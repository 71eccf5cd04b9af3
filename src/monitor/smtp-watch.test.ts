import assert from 'node:assert/strict';
import { test } from 'node:test';
import { probeDue, SMTP_PROBE_INTERVAL_MS } from './smtp-watch.js';

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
