import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decide, needsConfirmation, type Observation } from './detect.js';
import type { StateRow } from './ports.js';

const subject = { target: '192.0.2.1', zone: 'bl.test', name: '192.0.2.1' };
const now = '2026-01-02T00:00:00.000Z';
const listed: Observation = { status: 'listed', codes: ['127.0.0.2'], txt: 'spam' };
const clean: Observation = { status: 'clean' };
const unknown: Observation = { status: 'unknown', reason: 'timeout' };
const listedRow: StateRow = {
  ...subject,
  status: 'listed',
  codes: ['127.0.0.2'],
  txt: 'spam',
  since: '2026-01-01T00:00:00.000Z',
  reason: null,
};
const unknownRow: StateRow = {
  ...subject,
  status: 'unknown',
  codes: [],
  txt: null,
  since: now,
  reason: 'timeout',
};

describe('decide', () => {
  test('a new listing needs a confirming second query', () => {
    assert.equal(needsConfirmation(undefined, listed), true);
    assert.deepEqual(decide(subject, undefined, listed, clean, now), { kind: 'none' });
    assert.deepEqual(decide(subject, undefined, listed, unknown, now), { kind: 'none' });
    const d = decide(subject, undefined, listed, listed, now);
    assert.equal(d.kind, 'listed');
    assert.equal(d.kind === 'listed' && d.row.since, now);
  });

  test('a listing seen again changes nothing; new codes update the row without an event', () => {
    assert.equal(needsConfirmation(listedRow, listed), false);
    assert.deepEqual(decide(subject, listedRow, listed, null, now), { kind: 'none' });
    const d = decide(subject, listedRow, { ...listed, codes: ['127.0.0.3'] }, null, now);
    assert.equal(d.kind, 'upsert');
    assert.equal(d.kind === 'upsert' && d.row.since, listedRow.since);
  });

  test('a delisting is confirmed too', () => {
    assert.equal(needsConfirmation(listedRow, clean), true);
    assert.deepEqual(decide(subject, listedRow, clean, listed, now), { kind: 'none' });
    assert.deepEqual(decide(subject, listedRow, clean, clean, now), { kind: 'delisted' });
  });

  test('unknown never starts or ends a listing', () => {
    assert.equal(needsConfirmation(listedRow, unknown), false);
    assert.deepEqual(decide(subject, listedRow, unknown, null, now), { kind: 'none' });
    assert.deepEqual(decide(subject, undefined, unknown, null, now), { kind: 'upsert', row: unknownRow });
    assert.deepEqual(decide(subject, unknownRow, unknown, null, now), { kind: 'none' });
    assert.deepEqual(decide(subject, unknownRow, clean, null, now), { kind: 'delete' });
  });

  test('clean stays clean without writing', () => {
    assert.equal(needsConfirmation(undefined, clean), false);
    assert.deepEqual(decide(subject, undefined, clean, null, now), { kind: 'none' });
  });
});
