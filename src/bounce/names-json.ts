/**
 * Shape checks for blocklist-names.json: the file is data written by hand, so a typo must fail
 * loudly at start-up (MxError 'config' naming the field), not silently stop recognising a list.
 */
import { MxError } from '../core/errors.js';

export type Json = Record<string, unknown>;

export function fail(what: string): never {
  throw new MxError('config', `src/bounce/blocklist-names.json: ${what}`);
}
export function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Json;
}
export function str(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '') fail(`${what} must be a non-empty string`);
  return v;
}
export function optStr(v: unknown, what: string): string | null {
  return v === null || v === undefined ? null : str(v, what);
}
export function strings(v: unknown, what: string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(`${what} must be a non-empty array`);
  return v.map((s, i) => str(s, `${what}[${i}]`));
}
/** Lower-case phrases (the text is lowered before matching: an upper-case phrase would never match). */
export function lowerStrings(v: unknown, what: string): string[] {
  const list = strings(v, what);
  if (list.some((s) => s !== s.toLowerCase())) fail(`${what} must be lower case`);
  return list;
}
export function regex(source: string, what: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch {
    fail(`${what} is not a valid regular expression`);
  }
}
