/**
 * The check worker of `mxdoctor serve` (the bundle's check-worker.js): runs the DNS half of each
 * cycle (cycle-check.ts, on the check library) on its own thread with its own resolver, so the
 * HTTP thread keeps answering while 500,000 queries go out. Only plain data crosses: requests
 * in, batches of changing results and one outcome back (check-client.ts is the other side).
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { describeError } from '../core/errors.js';
import { type CreateResolverOptions, createResolver } from '../dns/index.js';
import type { CheckReply, CheckTask } from './check-client.js';
import { type CheckRequest, checkCycle } from './cycle-check.js';

/**
 * Nice value of this thread: when the machine is busy, the HTTP thread gets the CPU first and the
 * cycle takes longer (on an idle machine each thread has its core and nothing changes). Linux
 * applies a nice value per thread; elsewhere this is skipped.
 */
const CHECK_WORKER_NICE = 10;

function lowerThreadPriority(): void {
  try {
    // /proc/thread-self -> "<pid>/task/<tid>": setpriority() on a thread id renices that thread alone.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.max(getPriority(tid), CHECK_WORKER_NICE));
  } catch {
    // Not Linux, or not allowed: the worker runs at the process's priority.
  }
}

const port = parentPort;
if (port) {
  lowerThreadPriority();
  const options = (workerData as { resolver: CreateResolverOptions }).resolver;
  const resolver = createResolver(options);
  const send = (reply: CheckReply) => port.postMessage(reply);
  const parts = new Map<number, Pick<CheckRequest, 'targets' | 'prev'>>();
  port.on('message', async (task: CheckTask) => {
    const got = parts.get(task.id) ?? { targets: [], prev: [] };
    if (task.kind === 'part') {
      for (const t of task.targets) got.targets.push(t);
      for (const r of task.prev) got.prev.push(r);
      parts.set(task.id, got);
      return;
    }
    parts.delete(task.id);
    try {
      const request: CheckRequest = { ...got, zones: task.zones, at: task.at };
      const outcome = await checkCycle(resolver, request, (items) =>
        send({ id: task.id, kind: 'found', items }),
      );
      send({ id: task.id, kind: 'done', outcome });
    } catch (error) {
      send({ id: task.id, kind: 'error', message: describeError(error) });
    }
  });
}
