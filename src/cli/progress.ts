import type { CliIo } from './io.js';

export interface Progress {
  tick(): void;
  clear(): void;
  stop(): void;
}

const NONE: Progress = { tick() {}, clear() {}, stop() {} };
/** Below this many items a progress bar would only flicker. */
const MIN_ITEMS_FOR_BAR = 50;

/**
 * A progress bar on stderr for bulk work, only when stderr is a terminal (never in pipes, CI or
 * tests). cli-progress is loaded only when a bar is drawn, to keep start-up lean.
 */
export function createProgress(io: CliIo, total: number, enabled: boolean): Progress {
  if (!enabled || !io.stderr.isTTY || total < MIN_ITEMS_FOR_BAR) return NONE;
  let bar: { increment(): void; stop(): void } | undefined;
  let done = 0;
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
    b.start(total, done);
    bar = b;
  });
  return {
    tick() {
      done++;
      bar?.increment();
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
