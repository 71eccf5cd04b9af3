/**
 * The resolver's defaults and bounds in one object: the CLI's flag table takes its defaults and
 * ranges from here, so help texts and behaviour cannot drift apart.
 */
import { DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS } from './types.js';

/** Upper bound on queries in flight per server (flow.ts sizes the window below it): docs/check-bench.md. */
export const DEFAULT_MAX_IN_FLIGHT = 1024;
export const MAX_TIMEOUT_MS = 60_000;
export const MAX_IN_FLIGHT_LIMIT = 4096;

export const DNS_DEFAULTS = {
  /** Per-attempt timeout of one query; `retries` more attempts follow. */
  timeoutMs: DEFAULT_TIMEOUT_MS,
  maxTimeoutMs: MAX_TIMEOUT_MS,
  retries: DEFAULT_RETRIES,
  maxRetries: 5,
  maxInFlight: DEFAULT_MAX_IN_FLIGHT,
  maxInFlightLimit: MAX_IN_FLIGHT_LIMIT,
  /** 'udp': our client (flow control, pacing); 'node': node:dns (c-ares). */
  impl: 'udp',
  port: 53,
} as const;
