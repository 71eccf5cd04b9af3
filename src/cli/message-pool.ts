/**
 * `phish` over a folder on every core: messages are analysed by worker threads while the main
 * thread reads files and writes results in input order. One thread analysing a cold 600-message
 * folder left the second core idle (bench:phish: 218 msg/s against 646 msg/s warm in-process).
 * Used only from the bundle (dist/bundle/phish-worker.js beside the command's chunk) and only
 * past POOL_AFTER_MESSAGES: a worker's start-up costs more than a handful of messages.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface PhishTask {
  id: number;
  name: string;
  bytes: Uint8Array;
  json: boolean;
}

export type PhishTaskResult = { id: number; out: string; flagged: boolean } | { id: number; error: string };

/** Messages analysed on the main thread before workers are started. */
export const POOL_AFTER_MESSAGES = 48;
/** Messages handed to the workers and not yet written: bounds memory on a huge folder. */
export const MAX_IN_FLIGHT_MESSAGES = 64;

export interface PhishPool {
  analyse(name: string, bytes: Uint8Array, json: boolean): Promise<{ out: string; flagged: boolean }>;
  close(): Promise<void>;
}

export interface PhishPoolOptions {
  /** The worker script (default: phish-worker.js beside this module, as bundled). */
  script?: URL;
  /** Passed to each worker (tests start the TypeScript worker through a tsx bootstrap). */
  workerData?: unknown;
  /** Worker threads (default: the cores, at most 4). */
  size?: number;
}

/** The workers, or null when there is one core or no built worker script (running from sources). */
export function createPhishPool(options: PhishPoolOptions = {}): PhishPool | null {
  const script = options.script ?? new URL('./phish-worker.js', import.meta.url);
  const size = options.size ?? Math.min(availableParallelism(), 4);
  if (size < 2 || !existsSync(fileURLToPath(script))) return null;
  const workers = Array.from({ length: size }, () => new Worker(script, { workerData: options.workerData }));
  const waiting = new Map<number, { resolve: (r: PhishTaskResult) => void; worker: Worker }>();
  const load = new Map<Worker, number>(workers.map((w) => [w, 0]));
  let nextId = 0;
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (result: PhishTaskResult) => {
      const entry = waiting.get(result.id);
      if (!entry) return;
      waiting.delete(result.id);
      load.set(worker, (load.get(worker) ?? 1) - 1);
      entry.resolve(result);
    });
    worker.on('error', (error) => {
      for (const [id, entry] of waiting)
        if (entry.worker === worker) {
          waiting.delete(id);
          entry.resolve({ id, error: error.message });
        }
    });
  }
  return {
    analyse(name, bytes, json) {
      const id = nextId++;
      const worker = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      load.set(worker, (load.get(worker) ?? 0) + 1);
      return new Promise((resolve, reject) => {
        waiting.set(id, {
          worker,
          resolve: (r) => ('error' in r ? reject(new Error(r.error)) : resolve(r)),
        });
        worker.postMessage({ id, name, bytes, json } satisfies PhishTask);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
