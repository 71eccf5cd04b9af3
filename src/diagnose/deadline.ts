export type PartOutcome<T> = { ok: true; value: T; ms: number } | { ok: false; reason: string; ms: number };

export type PartState = 'start' | 'done' | 'timeout' | 'failed';

export interface ProgressEvent {
  part: string;
  state: PartState;
  ms?: number;
  reason?: string;
}

/**
 * Runs one part of the diagnosis with a deadline. A part that does not finish in time, or throws,
 * becomes a reason (reported as `unknown`) so the rest of the report completes; the timer is
 * always cleared. The part's own work is not cancelled: its sockets end with the resolver/probe.
 */
export async function runPart<T>(
  part: string,
  timeoutMs: number,
  work: () => Promise<T>,
  onProgress: (event: ProgressEvent) => void,
): Promise<PartOutcome<T>> {
  const started = performance.now();
  onProgress({ part, state: 'start' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<PartOutcome<T>>((resolve) => {
    timer = setTimeout(
      () => resolve({ ok: false, reason: `timed out after ${timeoutMs} ms`, ms: timeoutMs }),
      timeoutMs,
    );
  });
  const run = work().then(
    (value): PartOutcome<T> => ({ ok: true, value, ms: Math.round(performance.now() - started) }),
    (error: unknown): PartOutcome<T> => ({
      ok: false,
      reason: `failed: ${error instanceof Error ? error.message : String(error)}`,
      ms: Math.round(performance.now() - started),
    }),
  );
  const outcome = await Promise.race([run, deadline]);
  clearTimeout(timer);
  if (outcome.ok) onProgress({ part, state: 'done', ms: outcome.ms });
  else
    onProgress({
      part,
      state: outcome.reason.startsWith('timed out') ? 'timeout' : 'failed',
      ms: outcome.ms,
      reason: outcome.reason,
    });
  return outcome;
}

/**
 * At most `limit` tasks at once, the rest queued in order: diagnose's SMTP probes (an MX with
 * hundreds of addresses must not open hundreds of SMTP sessions at the same moment).
 */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
