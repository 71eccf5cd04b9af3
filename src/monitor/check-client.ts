/**
 * Where a cycle's DNS work runs: on a worker thread (the bundle's check-worker.js beside this
 * module, given the resolver's options) so that the HTTP thread stays free, or in-process (no
 * worker script, as when running from the sources, or a resolver that is an object, as in unit
 * tests). Both run the same checkCycle(), so a cycle gives the same results either way.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CreateResolverOptions, Resolver } from '../dns/index.js';
import { type CheckOutcome, type CheckRequest, checkCycle, type Found } from './cycle-check.js';

/**
 * A request goes over in parts (targets and state rows REQUEST_SLICE at a time, the HTTP thread
 * serving requests between them: cloning 10,000 of each at once held it for tens of ms), then
 * `run` with the rest of the request.
 */
export type CheckTask =
  | { id: number; kind: 'part'; targets: string[]; prev: CheckRequest['prev'] }
  | { id: number; kind: 'run'; zones: CheckRequest['zones']; at: string };

const REQUEST_SLICE = 1000;

export type CheckReply =
  | { id: number; kind: 'found'; items: Found[] }
  | { id: number; kind: 'done'; outcome: CheckOutcome }
  | { id: number; kind: 'error'; message: string };

export interface CycleChecker {
  /** Runs the DNS half of a cycle; `found` sees the changing results as they come. */
  check(request: CheckRequest, found: (items: Found[]) => void): Promise<CheckOutcome>;
  /** Ends the worker (a check in flight rejects: the cycle is abandoned unwritten). */
  close(): Promise<void>;
  /** 'worker' or 'in-process' (the start-up log and the tests say which). */
  readonly where: 'worker' | 'in-process';
}

export interface CheckWorkerOptions {
  /** The worker builds its own resolver from these (a resolver object cannot cross threads). */
  resolver: CreateResolverOptions;
  /** The worker script (default: check-worker.js beside this module, as bundled). */
  script?: URL;
  /** Passed to the worker beside `resolver` (tests add `tsxScript`). */
  workerData?: Record<string, unknown>;
}

/**
 * check-worker.js beside this module (the bundle); from the sources under tsx, check-worker.ts
 * through a bootstrap that registers tsx in the worker (a worker does not inherit the parent's
 * `--import tsx`), so that `serve` run from the sources checks off the HTTP thread too.
 */
function defaultScript(): URL | null {
  const built = new URL('./check-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  const source = new URL('./check-worker.ts', import.meta.url);
  if (!import.meta.url.endsWith('.ts') || !existsSync(fileURLToPath(source))) return null;
  let tsx: string;
  try {
    tsx = import.meta.resolve('tsx/esm/api');
  } catch {
    return null;
  }
  const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(source.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

export function inProcessChecker(resolver: Resolver): CycleChecker {
  return {
    where: 'in-process',
    check: (request, found) => checkCycle(resolver, request, found),
    async close() {},
  };
}

/**
 * A checker on one worker thread, started at the first check and kept for the next cycles; null
 * when there is no built worker script (running from the sources without `script`).
 */
export function workerChecker(options: CheckWorkerOptions): CycleChecker | null {
  const script = options.script ?? defaultScript();
  if (!script) return null;
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 0;
  const waiting = new Map<
    number,
    { worker: Worker; found: (items: Found[]) => void; settle: (r: CheckReply) => void }
  >();
  /** Fails the checks in flight on `w` (all of them when null): an old worker's exit leaves the new one's alone. */
  const failAll = (w: Worker | null, message: string) => {
    for (const [id, entry] of waiting)
      if (w === null || entry.worker === w) {
        waiting.delete(id);
        entry.settle({ id, kind: 'error', message });
      }
  };
  const start = (): Worker => {
    const w = new Worker(script, { workerData: { ...options.workerData, resolver: options.resolver } });
    w.on('message', (reply: CheckReply) => {
      const entry = waiting.get(reply.id);
      if (!entry) return;
      if (reply.kind === 'found') entry.found(reply.items);
      else {
        waiting.delete(reply.id);
        // Idle between cycles, the worker does not keep the process alive.
        if (waiting.size === 0) w.unref();
        entry.settle(reply);
      }
    });
    // A worker that dies (a crash, out of memory) fails its cycle; the next cycle starts another.
    w.on('error', (error) => {
      if (worker === w) worker = null;
      failAll(w, `check worker failed: ${error.message}`);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(w, `check worker exited (code ${code})`);
    });
    return w;
  };
  return {
    where: 'worker',
    check(request, found) {
      if (closed) return Promise.reject(new Error('the monitor is stopping'));
      worker ??= start();
      worker.ref();
      const id = nextId++;
      const w = worker;
      const outcome = new Promise<CheckOutcome>((resolve, reject) => {
        waiting.set(id, {
          worker: w,
          found,
          settle: (r) =>
            r.kind === 'done'
              ? resolve(r.outcome)
              : reject(new Error(r.kind === 'error' ? r.message : 'no outcome')),
        });
      });
      void (async () => {
        const { targets, prev } = request;
        for (let i = 0; i < Math.max(targets.length, prev.length); i += REQUEST_SLICE) {
          if (i > 0) await new Promise((r) => setImmediate(r));
          if (!waiting.has(id)) return;
          const part: CheckTask = {
            id,
            kind: 'part',
            targets: targets.slice(i, i + REQUEST_SLICE),
            prev: prev.slice(i, i + REQUEST_SLICE),
          };
          w.postMessage(part);
        }
        if (waiting.has(id))
          w.postMessage({ id, kind: 'run', zones: request.zones, at: request.at } satisfies CheckTask);
      })();
      return outcome;
    },
    async close() {
      const w = worker;
      worker = null;
      closed = true;
      failAll(null, 'the monitor is stopping');
      if (w) await w.terminate();
    },
  };
}
