/**
 * Message workers as processes, for the CLI started from the start-up snapshot (snapshot.ts):
 * there a worker thread does not work (Node 20 does not carry worker_threads' state through a
 * user snapshot: the thread's first task failed, "undefined is not an integer typed array"), and
 * a process started from the same snapshot begins with the analysis loaded and compiled, where a
 * thread loads and compiles it cold. The tasks and answers are the threads' (message-work.ts),
 * over an IPC channel with 'advanced' serialisation, so typed arrays cross as they are.
 */
import { type ChildProcess, type Serializable, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { WorkerLike } from './message-pool.js';
import { createMessageWork, type MessageWorkData } from './message-work.js';

/**
 * The argument that makes a snapshot process a message worker instead of the CLI (not an option:
 * node would take anything before the first plain word for one of its own).
 */
export const WORKER_PROCESS_ARG = 'mxdoctor-message-worker';

type Init = { kind: 'init'; data: MessageWorkData | null };

/** A worker process, seen from the pool as a worker thread is (postMessage, 'message', 'error'). */
export class ProcessWorker extends EventEmitter implements WorkerLike {
  private readonly child: ChildProcess;
  private closing = false;

  /** `execArgv`: node's own options of this process (the --snapshot-blob), given to the child. */
  constructor(execArgv: readonly string[], data: MessageWorkData | null) {
    super();
    this.child = spawn(process.execPath, [...execArgv, WORKER_PROCESS_ARG], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.on('error', (error) => this.emit('error', error));
    this.child.on('exit', (code, signal) => {
      if (!this.closing)
        this.emit('error', new Error(`a message worker process ended (${signal ?? `exit code ${code}`})`));
    });
    this.child.send({ kind: 'init', data } satisfies Init);
  }

  /** The worker's process id (while it runs). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  postMessage(value: unknown): void {
    // A send to a process that has gone fails here, not as an uncaught EPIPE.
    this.child.send(value as Serializable, (error) => {
      if (error && !this.closing) this.emit('error', error);
    });
  }

  /** The pool always closes its workers; an unreferenced channel would let answers go unread. */
  unref(): void {}

  async terminate(): Promise<void> {
    this.closing = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // The worker ends itself when its channel closes; a kill is for one that does not.
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
}

/** The worker side: answers tasks until the channel closes. */
export function runWorkerProcess(): void {
  let work: ReturnType<typeof createMessageWork> | null = null;
  process.on('message', async (message: Init | Parameters<ReturnType<typeof createMessageWork>>[0]) => {
    if (message.kind === 'init') {
      work = createMessageWork(message.data);
      return;
    }
    work ??= createMessageWork(null);
    const { result } = await work(message);
    process.send?.(result);
  });
  process.on('disconnect', () => process.exit(0));
}
