import { MxError } from '../core/errors.js';
import data from './fixes.json' with { type: 'json' };
import { item } from './items.js';
import type { DiagnoseItem, ItemStatus, SectionId } from './types.js';

/**
 * What a finding weighs and what to do about it, as data (src/diagnose/fixes.json): the weights
 * decide "fix these first", so changing a ranking or a text is a data change, reviewed as one.
 */
export interface FixEntry {
  /** 0-100: how likely the finding is to make mail bounce (rankFixes). */
  weight: number;
  /**
   * The advice; `{name}` placeholders are filled by the code that raises the finding. null for
   * a weight alone (a finding re-weighed by another, e.g. a certificate flaw under MTA-STS).
   */
  fix: string | null;
}

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;
/** Texts longer than this are a paste accident, not advice. */
const MAX_FIX_CHARS = 600;

/**
 * Validates a fixes table (the built-in one at load; a test feeds it broken ones). Throws one
 * MxError naming every bad entry: a weight outside 0-100 or not an integer, an empty or
 * overlong text, a stray brace.
 */
export function parseFixes(raw: unknown, source = 'fixes.json'): Record<string, FixEntry> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new MxError('config', `${source}: expected an object of findings`);
  const out: Record<string, FixEntry> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    const entry = value as Partial<Record<keyof FixEntry, unknown>> | null;
    const { weight, fix } = entry ?? {};
    if (!/^[a-z]+\.[a-z-]+$/.test(key)) problems.push(`${key}: key must look like "section.finding"`);
    if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100)
      problems.push(`${key}: weight must be an integer 0-100`);
    if (fix !== null && (typeof fix !== 'string' || fix.trim() === '' || fix.length > MAX_FIX_CHARS))
      problems.push(`${key}: fix must be null or a text of 1-${MAX_FIX_CHARS} characters`);
    else if (typeof fix === 'string' && /[{}]/.test(fix.replace(PLACEHOLDER, '')))
      problems.push(`${key}: a brace that is not a {name} placeholder`);
    if (problems.length === 0) out[key] = { weight: weight as number, fix: (fix as string | null) ?? null };
  }
  if (problems.length > 0) throw new MxError('config', `${source}: ${problems.join('; ')}`);
  return out;
}

export const FIXES: Readonly<Record<string, FixEntry>> = parseFixes(data);

/** The weight of `key`; a missing key is a bug. */
export function weightOf(key: string): number {
  const entry = FIXES[key];
  if (!entry) throw new MxError('internal', `no entry "${key}" in fixes.json`);
  return entry.weight;
}

/** The placeholders a fix text needs. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The fix text of `key` with its placeholders filled; a missing key or value is a bug. */
export function fixText(key: string, values: Readonly<Record<string, string>> = {}): string {
  const entry = FIXES[key];
  if (!entry?.fix) throw new MxError('internal', `no fix "${key}" in fixes.json`);
  return entry.fix.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new MxError('internal', `fix "${key}" needs a value for {${name}}`);
    return value;
  });
}

/**
 * A finding whose weight and fix come from fixes.json. An `ok` or `unknown` finding carries
 * neither (nothing to fix, nothing to rank).
 */
export function finding(
  id: string,
  section: SectionId,
  status: ItemStatus,
  title: string,
  key: string,
  values: Readonly<Record<string, string>> = {},
): DiagnoseItem {
  const actionable = status === 'problem' || status === 'warning';
  const found = item(id, section, status, title, actionable ? (FIXES[key]?.weight ?? 0) : 0);
  if (actionable) found.fix = fixText(key, values);
  return found;
}
