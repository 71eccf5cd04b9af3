import assert from 'node:assert/strict';
import { test } from 'node:test';
import { workerChecker } from './check-client.js';

const request = { zones: [], targets: ['192.0.2.1'], prev: [], at: '2026-01-01T00:00:00.000Z' };
const resolver = { servers: [{ host: '127.0.0.1', port: 9 }], timeoutMs: 100 };

test('a check worker that dies fails its cycle with the reason, and the next cycle starts another', async () => {
  const script = new URL(`data:text/javascript,${encodeURIComponent('throw new Error("boom")')}`);
  const checker = workerChecker({ resolver, script });
  assert.ok(checker);
  assert.equal(checker.where, 'worker');
  await assert.rejects(
    checker.check(request, () => {}),
    /check worker failed: boom/,
  );
  await assert.rejects(
    checker.check(request, () => {}),
    /check worker failed: boom/,
  );
  await checker.close();
  await assert.rejects(
    checker.check(request, () => {}),
    /stopping/,
  );
});

test('from the sources under tsx, the default worker (check-worker.ts through tsx) runs a cycle', async () => {
  const checker = workerChecker({ resolver });
  assert.ok(checker, 'no worker checker from the sources');
  try {
    // No zones: nothing is queried; the address is still counted as checked.
    const outcome = await checker.check(request, () => {});
    assert.equal(outcome.addresses, 1);
    assert.deepEqual(outcome.unseen, []);
  } finally {
    await checker.close();
  }
});
