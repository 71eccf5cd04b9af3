import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { MessageTask, MessageTaskResult } from './message-pool.js';
import { ProcessWorker } from './message-process.js';

// The worker side from the sources (tsx), as the snapshot's main starts it: `node <options>
// mxdoctor-message-worker`, here with -e standing in for the blob.
const WORKER_FROM_SOURCES = [
  '--import',
  'tsx',
  '-e',
  `import(${JSON.stringify(new URL('./message-process.ts', import.meta.url).href)}).then((m) => m.runWorkerProcess())`,
];

test('a worker process answers a phish task with the rendered line and its facts', async () => {
  const worker = new ProcessWorker(WORKER_FROM_SOURCES, null);
  try {
    const bytes = new Uint8Array(
      readFileSync(new URL('../../test/fixtures/phish/seed-microsoft-update.eml', import.meta.url)),
    );
    const task: MessageTask = { id: 7, command: 'phish', name: 'seed.eml', bytes, json: true };
    const answered = once(worker, 'message');
    worker.postMessage(task);
    const [result] = (await answered) as [MessageTaskResult];
    assert.equal(result.id, 7);
    assert.ok('out' in result);
    assert.match(result.out, /^\{"file":"seed\.eml","verdict":"phishing"/);
    assert.equal(result.flagged, true);
  } finally {
    await worker.terminate();
  }
});

test('a worker process that ends on its own is reported as an error, never waited for', async () => {
  const worker = new ProcessWorker(['-e', 'process.exit(3)'], null);
  const [error] = (await once(worker, 'error')) as [Error];
  assert.match(error.message, /a message worker process ended \(exit code 3\)/);
  await worker.terminate();
});

test('terminate ends a worker that is idle, and twice is harmless', async () => {
  const worker = new ProcessWorker(WORKER_FROM_SOURCES, null);
  let errors = 0;
  worker.on('error', () => errors++);
  const pid = worker.pid;
  assert.ok(pid !== undefined);
  assert.doesNotThrow(() => process.kill(pid, 0), 'the worker runs before terminate');
  await worker.terminate();
  await worker.terminate();
  assert.equal(errors, 0);
  assert.throws(() => process.kill(pid, 0), { code: 'ESRCH' }, 'the worker process is gone');
});
