import { MxError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses "90s", "15m", "1h", "1h30m", "7d" to milliseconds; null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!/^(\d+(ms|s|m|h|d))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total;
}

/** A duration option within bounds, or MxError naming the option. */
export function requireDuration(name: string, text: string, minMs: number, maxMs: number): number {
  const ms = parseDuration(text);
  if (ms === null) throw new MxError('usage', `${name}: "${text}" is not a duration (e.g. 30s, 15m, 1h, 1d)`);
  if (ms < minMs || ms > maxMs) {
    throw new MxError(
      'usage',
      `${name}: ${text} is out of range (${formatDuration(minMs)} to ${formatDuration(maxMs)})`,
    );
  }
  return ms;
}

export function formatDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit]!;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
