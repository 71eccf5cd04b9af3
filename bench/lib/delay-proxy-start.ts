/**
 * Starts the benchmarks' delay proxy: the C one (delay-proxy.c, compiled with `cc -O2` into a
 * temp dir at first use) when a C compiler is found, else the Node one (delay-proxy.ts), which
 * costs about as much CPU as the client under test. Both take the same arguments, print
 * `ready HOST:PORT` per listener, a `stats {json}` line on stdout on SIGUSR1, and exit on
 * SIGTERM. stats() and stop() return that line's figures, so a benchmark can show that the
 * harness forwarded everything in time (dropped 0, lateMsMax near 0).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DelayProxyStats {
  impl: 'c' | 'node';
  /** Datagrams forwarded: queries to the upstream, answers back to the clients. */
  queries: number;
  answers: number;
  /** Datagrams the proxy itself lost: its sockets' receive-buffer drops, a full queue, too big, a failed send. */
  dropped: { rxOverflow: number; queueFull: number; tooBig: number; sendError: number };
  /** Answers whose query id was not pending (late past the id table's reuse, or duplicates). */
  unmatchedAnswers: number;
  /** Queries whose answer had not come back when their id came round again (lost upstream). */
  unanswered: number;
  /** Times the C proxy woke up (at most one per --tick-ms, default 1 ms). */
  wakeups?: number;
  /** How late after its due time the proxy sent a datagram, since the previous stats line: max and mean, ms. */
  lateMsMax: number;
  lateMsMean: number;
}

export interface DelayProxy {
  pid: number;
  impl: 'c' | 'node';
  /** `HOST:PORT` per --listen, with the port actually bound (0 picks one). */
  listens: string[];
  stats(): Promise<DelayProxyStats>;
  /** SIGTERM; resolves once it has exited. */
  stop(): Promise<void>;
}

export interface DelayProxyOptions {
  upstream: string;
  delayMs: number;
  listens: string[];
  /** 'c' fails when no compiler is found; 'auto' (default) falls back to Node. */
  impl?: 'c' | 'node' | 'auto';
}

const COMPILERS = ['cc', 'gcc', 'clang'];
let compiled: string | null | undefined;

/** Compiles delay-proxy.c once per process; null when no C compiler works. */
export function compileDelayProxy(): string | null {
  if (compiled !== undefined) return compiled;
  const source = new URL('./delay-proxy.c', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'mxd-delay-proxy-'));
  const out = join(dir, 'delay-proxy');
  // Removed when this process exits (a running binary's file may go: its inode lives on).
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  compiled = null;
  for (const cc of COMPILERS) {
    try {
      execFileSync(cc, ['-O2', '-Wall', '-o', out, source], { stdio: ['ignore', 'ignore', 'pipe'] });
      compiled = out;
      break;
    } catch {
      // not installed, or it failed: try the next one
    }
  }
  return compiled;
}

export async function startDelayProxy(o: DelayProxyOptions): Promise<DelayProxy> {
  const args = ['--upstream', o.upstream, '--delay', String(o.delayMs)];
  for (const l of o.listens) args.push('--listen', l);
  const binary = o.impl === 'node' ? null : compileDelayProxy();
  if (!binary && o.impl === 'c') throw new Error('delay proxy: no C compiler (cc, gcc, clang) found');
  if (!binary && o.impl !== 'node')
    process.stderr.write('delay proxy: no C compiler found, using the Node proxy (costs CPU)\n');
  const child: ChildProcess = binary
    ? spawn(binary, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(
        process.execPath,
        ['--import', 'tsx', new URL('./delay-proxy.ts', import.meta.url).pathname, ...args],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const waiting: ((s: DelayProxyStats) => void)[] = [];
  const listens: string[] = [];
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      buffered += c.toString();
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.startsWith('ready ')) listens.push(line.slice(6));
        if (line.startsWith('stats ')) waiting.shift()?.(JSON.parse(line.slice(6)) as DelayProxyStats);
        nl = buffered.indexOf('\n');
      }
      if (listens.length >= o.listens.length) resolve();
    });
    child.once('exit', (code) => reject(new Error(`delay proxy exited (${code})`)));
  });
  return {
    pid: child.pid!,
    impl: binary ? 'c' : 'node',
    listens,
    // A proxy that has already gone answers nothing: said at once instead of waited for.
    stats: () =>
      new Promise<DelayProxyStats>((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null || !child.kill('SIGUSR1'))
          reject(new Error('delay proxy is not running: no stats'));
        else waiting.push(resolve);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The difference of two stats snapshots (the figures of one run). */
export function statsDelta(after: DelayProxyStats, before: DelayProxyStats): DelayProxyStats {
  const d = (k: keyof DelayProxyStats['dropped']) => after.dropped[k] - before.dropped[k];
  return {
    ...after,
    queries: after.queries - before.queries,
    answers: after.answers - before.answers,
    dropped: {
      rxOverflow: d('rxOverflow'),
      queueFull: d('queueFull'),
      tooBig: d('tooBig'),
      sendError: d('sendError'),
    },
    unmatchedAnswers: after.unmatchedAnswers - before.unmatchedAnswers,
    unanswered: after.unanswered - before.unanswered,
  };
}

/** Datagrams the proxy itself lost, all causes. */
export function proxyDropped(s: DelayProxyStats): number {
  return s.dropped.rxOverflow + s.dropped.queueFull + s.dropped.tooBig + s.dropped.sendError;
}
