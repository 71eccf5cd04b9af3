/**
 * `phish` and `bounce` over a folder on every core: messages are analysed by worker threads while
 * the main thread reads files and writes results in input order. One thread analysing a cold
 * 600-message folder left the second core idle (bench:phish: 218 msg/s against 646 msg/s warm
 * in-process). Used only from the bundle (dist/bundle/message-worker.js beside the command's
 * chunk) and only past POOL_AFTER_MESSAGES: a worker's start-up costs more than a few messages.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchResult, MessageBatch } from './message-batch.js';

export interface MessageTask {
  kind?: 'message';
  id: number;
  command: 'phish' | 'bounce';
  name: string;
  bytes: Uint8Array;
  json: boolean;
}

/** What the command counts: flagged = phishing or suspicious / a bounce; warning = bounce's. */
export interface MessageOutcome {
  out: string;
  flagged: boolean;
  warning: boolean;
  recipients: number;
}

export type MessageTaskResult = ({ id: number } & MessageOutcome) | { id: number; error: string };

/** Messages analysed on the main thread before workers are started. */
export const POOL_AFTER_MESSAGES = 48;
/** Messages handed to the workers and not yet written: bounds memory on a huge folder. */
export const MAX_IN_FLIGHT_MESSAGES = 64;

export interface MessagePool {
  analyse(name: string, bytes: Uint8Array): Promise<MessageOutcome>;
  close(): Promise<void>;
}

export interface MessagePoolOptions {
  command: 'phish' | 'bounce';
  json: boolean;
  /** The worker script (default: message-worker.js beside this module, as bundled). */
  script?: URL;
  /** Passed to each worker: `catalog` for bounce's attribution; tests add `tsxScript`. */
  workerData?: Record<string, unknown>;
  /** Worker threads (default: the cores, at most 4). */
  size?: number;
}

/** What the pools need of a worker: a worker thread, or a ProcessWorker (message-process.ts). */
export interface WorkerLike {
  postMessage(value: unknown, transfer?: ArrayBuffer[]): void;
  // biome-ignore lint/suspicious/noExplicitAny: a thread's answers are untyped (structured clone).
  on(event: 'message' | 'error', listener: (value: any) => void): unknown;
  unref(): void;
  terminate(): Promise<unknown>;
}

/**
 * How workers start when not as threads of the built worker script: set once by the start-up
 * snapshot's main (snapshot.ts), which starts worker processes from the same snapshot.
 */
let startWorker: ((workerData: Record<string, unknown> | undefined) => WorkerLike) | null = null;

export function startWorkersWith(
  start: (workerData: Record<string, unknown> | undefined) => WorkerLike,
): void {
  startWorker = start;
}

/** A worker for the pool: started as set above, else a thread of `script` (null: none can start). */
function newWorker(script: URL | null, workerData: Record<string, unknown> | undefined): WorkerLike | null {
  if (startWorker) return startWorker(workerData);
  return script ? new Worker(script, { workerData }) : null;
}

/** The built worker script beside this module, or the one given; null when it does not exist. */
function workerScript(script: URL | undefined): URL | null {
  const url = script ?? new URL('./message-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** The workers, or null when there is one core or no built worker script (running from sources). */
export function createMessagePool(options: MessagePoolOptions): MessagePool | null {
  // From the start-up snapshot, phish stays on the main thread: its worker processes were slower
  // than none (600 files: 2.4-2.5 s against 1.75-2.1 s; the processes spend the run warming up).
  if (startWorker) return null;
  const script = workerScript(options.script);
  const size = options.size ?? Math.min(availableParallelism(), 4);
  if (size < 2 || script === null) return null;
  const workers = Array.from({ length: size }, () => newWorker(script, options.workerData)!);
  const waiting = new Map<number, { resolve: (r: MessageTaskResult) => void; worker: WorkerLike }>();
  const load = new Map<WorkerLike, number>(workers.map((w) => [w, 0]));
  let nextId = 0;
  for (const worker of workers) {
    worker.unref();
    worker.on('message', (result: MessageTaskResult) => {
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
    analyse(name, bytes) {
      const id = nextId++;
      const worker = workers.reduce((a, b) => ((load.get(b) ?? 0) < (load.get(a) ?? 0) ? b : a));
      load.set(worker, (load.get(worker) ?? 0) + 1);
      return new Promise((resolve, reject) => {
        waiting.set(id, {
          worker,
          resolve: (r) => ('error' in r ? reject(new Error(r.error)) : resolve(r)),
        });
        const task: MessageTask = { id, command: options.command, name, bytes, json: options.json };
        worker.postMessage(task);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * Analyses messages in input order: on the main thread for the first POOL_AFTER_MESSAGES, then
 * on a worker pool (when `pool` options are given and a pool can start), at most
 * MAX_IN_FLIGHT_MESSAGES ahead of the output. `emit` sees each outcome in the order added.
 */
export class OrderedAnalysis {
  private readonly queue: Promise<{ name: string; outcome: MessageOutcome }>[] = [];
  private added = 0;
  private pool: MessagePool | null = null;
  private inlineFirst = POOL_AFTER_MESSAGES;

  constructor(
    private readonly inline: (name: string, bytes: Uint8Array) => Promise<MessageOutcome>,
    private readonly poolOptions: MessagePoolOptions | null,
    private readonly emit: (name: string, outcome: MessageOutcome) => Promise<void>,
  ) {}

  /** How many messages the main thread analyses before the pool starts (tests: 0). */
  withInlineFirst(count: number): this {
    this.inlineFirst = count;
    return this;
  }

  async add(name: string, bytes: Uint8Array): Promise<void> {
    if (this.added++ === this.inlineFirst && this.poolOptions)
      this.pool = createMessagePool(this.poolOptions);
    const outcome = this.pool ? this.pool.analyse(name, bytes) : this.inline(name, bytes);
    const pending = outcome.then((o) => ({ name, outcome: o }));
    // Awaited in turn below; marked handled now so a failure while others wait is not "unhandled".
    pending.catch(() => {});
    this.queue.push(pending);
    while (this.queue.length >= (this.pool ? MAX_IN_FLIGHT_MESSAGES : 1)) await this.next();
  }

  /** Writes what is still queued, then stops the workers (also after a failure). */
  async finish(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.next();
    } finally {
      await this.pool?.close();
    }
  }

  private async next(): Promise<void> {
    const { name, outcome } = await this.queue.shift()!;
    await this.emit(name, outcome);
  }
}

/** A batch for a worker (message-batch.ts): `options` are the command's, e.g. bounce's json and colour. */
export interface BatchTask {
  kind: 'batch';
  command: 'phish' | 'bounce';
  options: BatchCommandOptions;
  batch: MessageBatch;
}

export interface BatchCommandOptions {
  json: boolean;
  colour: boolean;
}

export type BatchTaskResult = BatchResult | { id: number; error: string };

/** Workers that each run whole batches, the files read by the worker itself. */
export interface BatchPool {
  /** Worker threads, each with at most `depth` batches given and not answered. */
  readonly size: number;
  /** Whether worker `index` can take one more batch now (holding fewer than `depth`, default 3). */
  canTake(index: number, depth?: number): boolean;
  run(index: number, batch: MessageBatch): Promise<BatchResult>;
  close(): Promise<void>;
}

export interface BatchPoolOptions {
  command: 'phish' | 'bounce';
  options: BatchCommandOptions;
  script?: URL;
  workerData?: Record<string, unknown>;
  /** Worker threads (default: the cores less one, for the main thread analyses too; at most 3). */
  size?: number;
}

/**
 * Batches a worker holds at once: one running and two waiting, so that it does not wait while
 * the main thread, which hands batches out between two of its own, runs one (with two, a
 * worker sat idle 16 % of a 4,700-bounce run on a busy 2-core VM).
 */
const BATCH_DEPTH = 3;

/** The batch workers, or null with one core or no built worker script. */
export function createBatchPool(options: BatchPoolOptions): BatchPool | null {
  const script = startWorker ? null : workerScript(options.script);
  const size = options.size ?? Math.min(availableParallelism() - 1, 3);
  if (size < 1 || (script === null && !startWorker)) return null;
  const waiting = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  const given = new Array<number>(size).fill(0);
  const dead = new Array<boolean>(size).fill(false);
  const owner = new Map<number, number>();
  const workers = Array.from({ length: size }, (_, index) => {
    // preload: the worker loads the command's analysis while the main thread loads its own.
    const workerData = { ...options.workerData, preload: options.command };
    const worker = newWorker(script, workerData)!;
    worker.unref();
    worker.on('message', (result: BatchTaskResult) => {
      const entry = waiting.get(result.id);
      if (!entry) return;
      waiting.delete(result.id);
      owner.delete(result.id);
      given[index]!--;
      if ('error' in result) entry.reject(new Error(result.error));
      else entry.resolve(result);
    });
    worker.on('error', (error) => {
      dead[index] = true;
      for (const [id, entry] of waiting)
        if (owner.get(id) === index) {
          waiting.delete(id);
          entry.reject(error);
        }
    });
    return worker;
  });
  return {
    size,
    canTake: (index, depth = BATCH_DEPTH) => !dead[index] && given[index]! < Math.min(depth, BATCH_DEPTH),
    run(index, batch) {
      given[index]!++;
      owner.set(batch.id, index);
      return new Promise((resolve, reject) => {
        waiting.set(batch.id, { resolve, reject });
        const task: BatchTask = { kind: 'batch', command: options.command, options: options.options, batch };
        // Messages already read travel as their own buffers, moved, not copied.
        const transfer = batch.inputs.flatMap((input) => ('bytes' in input ? [input.bytes.buffer] : []));
        workers[index]!.postMessage(task, transfer as ArrayBuffer[]);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
