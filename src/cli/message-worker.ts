/**
 * A worker thread of `phish` and `bounce` over many messages (src/cli/message-pool.ts); what it
 * does is message-work.ts, shared with the worker processes of the start-up snapshot.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchTask, MessageTask } from './message-pool.js';
import { createMessageWork, type MessageWorkData } from './message-work.js';

const port = parentPort;
if (port) {
  const work = createMessageWork(workerData as MessageWorkData | null);
  port.on('message', async (task: MessageTask | BatchTask) => {
    const { result, transfer } = await work(task);
    port.postMessage(result, transfer);
  });
}
