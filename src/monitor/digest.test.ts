import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summaryDetail } from './detail.js';
import { MAX_DIGEST_LINES, releaseDigest } from './digest.js';
import type { Store, StoredEvent } from './ports.js';
import { createMemoryStore } from './store-memory.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;

function event(i: number, atMs: number): StoredEvent {
  const at = new Date(atMs).toISOString();
  return {
    key: `k${i}`,
    target: `192.0.2.${i % 250}`,
    zone: 'bl.test',
    name: `n${i}`,
    event: 'listed',
    at,
    codes: [],
    txt: null,
    detail: { ...summaryDetail('listed', `192.0.2.${i % 250}`, 'g', ''), zone: 'bl.test', listName: 'BL' },
    damped: false,
  };
}

test('digest: due when the oldest held alert has waited the period; not re-read before then; long lists counted', async () => {
  const store = createMemoryStore();
  let reads = 0;
  const counted: Store = {
    ...store,
    heldOutbox: () => {
      reads++;
      return store.heldOutbox();
    },
  };
  const events = Array.from({ length: MAX_DIGEST_LINES + 50 }, (_, i) =>
    event(i, T0 + (i === 0 ? 0 : 30 * 60_000)),
  );
  const batch = {
    upserts: [],
    deletes: [],
    firstScans: [],
    records: [],
    channels: ['webhook:0'],
    hold: true,
  };
  await store.apply({ ...batch, events });
  const due = { atMs: null as number | null };
  assert.equal(await releaseDigest(counted, ['webhook:0'], new Date(T0 + 40 * 60_000), HOUR, due), 0);
  assert.equal(due.atMs, T0 + HOUR);
  assert.equal(await releaseDigest(counted, ['webhook:0'], new Date(T0 + 50 * 60_000), HOUR, due), 0);
  assert.equal(reads, 1, 'not read again before it is due');
  assert.equal(
    await releaseDigest(counted, ['webhook:0'], new Date(T0 + HOUR), HOUR, due),
    MAX_DIGEST_LINES + 50,
  );
  assert.deepEqual(await store.heldOutbox(), []);
  const [row] = await store.dueOutbox(new Date(T0 + 2 * HOUR).toISOString(), 10);
  assert.equal(row?.detail.kind, 'digest');
  const lines = row?.detail.summary.split('\n') ?? [];
  assert.equal(lines.length, MAX_DIGEST_LINES + 1);
  assert.equal(lines.at(-1), '... and 50 more');
  assert.equal(lines[0], '192.0.2.0 is listed on BL');
  // Nothing held: read each time (new holds may come), nothing sent.
  assert.equal(await releaseDigest(counted, ['webhook:0'], new Date(T0 + 3 * HOUR), HOUR, due), 0);
  assert.equal(due.atMs, null);
});
