import type { CliIo } from './io.js';

export interface Progress {
  tick(): void;
  /** More work became known (targets are read as they are checked). */
  grow(more: number): void;
  clear(): void;
  stop(): void;
}

const NONE: Progress = { tick() {}, grow() {}, clear() {}, stop() {} };
/** Below this many items a progress bar would only flicker. */
const MIN_ITEMS_FOR_BAR = 50;

/**
 * A progress bar on stderr for bulk work, only when stderr is a terminal (never in pipes, CI or
 * tests). cli-progress is loaded only when a bar is drawn, to keep start-up lean.
 */
export function createProgress(io: CliIo, total: number, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY || total < MIN_ITEMS_FOR_BAR) return NONE;
  let bar: { increment(): void; stop(): void; setTotal(n: number): void } | undefined;
  let done = 0;
  let known = total;
  void import('cli-progress').then((mod) => {
    const cliProgress = mod.default;
    const b = new cliProgress.SingleBar(
      {
        stream: io.stderr,
        format: 'checking [{bar}] {value}/{total} targets  {eta}s left',
        clearOnComplete: true,
      },
      cliProgress.Presets.shades_classic,
    );
    b.start(known, done);
    bar = b;
  });
  return {
    tick() {
      done++;
      bar?.increment();
    },
    grow(more) {
      known += more;
      bar?.setTotal(known);
    },
    clear() {
      // Erase the bar's line so a report printed now starts at column 0; the bar redraws itself.
      if (bar) io.stderr.write('\r\x1b[K');
    },
    stop() {
      bar?.stop();
    },
  };
}
