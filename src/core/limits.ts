/** Small shared helpers for option validation (resolveOptions in each module uses these). */
import { MxError } from './errors.js';

export function requireInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new MxError('usage', `${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Parses a CLI integer flag; a missing flag gives the fallback, a malformed one is a usage error. */
export function parseIntFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new MxError('usage', `${name} must be a whole number, got "${raw}"`);
  return requireInt(name, Number(raw), min, max);
}
