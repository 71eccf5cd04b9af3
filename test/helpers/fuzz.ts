/**
 * Fuzz settings shared by the `*.fuzz.test.ts` files (fast-check). In CI (`npm test`) every
 * property runs a small fixed number of cases from a fixed seed: deterministic and a few seconds
 * each. `npm run fuzz` (scripts/fuzz.mjs) sets FUZZ_RUNS and FUZZ_SEED for long random runs.
 *
 * Properties the parsers share (issue 11 acceptance): no throw except MxError for bad input,
 * termination (a per-test timeout catches a hang), and output of the documented shape.
 */
import { MxError } from '../../src/core/errors.js';

const DEFAULT_RUNS = 200;
const DEFAULT_SEED = 20261130;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

/** Runs per property: `scale` x FUZZ_RUNS (default 200), at least 1. */
export function fuzzRuns(scale = 1): number {
  return Math.max(1, Math.round(envInt('FUZZ_RUNS', DEFAULT_RUNS) * scale));
}

export interface FuzzParams {
  seed: number;
  numRuns: number;
  endOnFailure: true;
  interruptAfterTimeLimit?: number;
  markInterruptAsFailure?: false;
}

/**
 * fast-check parameters: the fixed seed unless FUZZ_SEED is set, the run count, and with
 * FUZZ_TIME_LIMIT_MS (npm run fuzz) a time budget per property: runs stop there, not failing.
 */
export function fuzzParams(scale = 1): FuzzParams {
  const params: FuzzParams = {
    seed: envInt('FUZZ_SEED', DEFAULT_SEED),
    numRuns: fuzzRuns(scale),
    endOnFailure: true,
  };
  const limitMs = envInt('FUZZ_TIME_LIMIT_MS', 0);
  if (limitMs > 0) Object.assign(params, { interruptAfterTimeLimit: limitMs, markInterruptAsFailure: false });
  return params;
}

/**
 * node:test options: a per-test timeout, so that a hang fails instead of blocking: the time
 * budget plus a minute under npm run fuzz, else generous for the CI run counts.
 */
export function fuzzTestOptions(msPerRun = 50): { timeout: number } {
  const limitMs = envInt('FUZZ_TIME_LIMIT_MS', 0);
  if (limitMs > 0) return { timeout: limitMs + 60_000 };
  return { timeout: Math.max(30_000, fuzzRuns() * msPerRun) };
}

/** Calls fn; an MxError (bad input, reported by name) is an allowed outcome, anything else is not. */
export function allowingMxError<T>(fn: () => T): T | MxError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof MxError) return error;
    throw error;
  }
}
