import { normaliseDomain } from '../core/domain.js';
import { MxError } from '../core/errors.js';
import { isLoopbackV4 } from '../core/ip.js';
import type { CatalogEntry, DelistKind, DelistPolicy } from './catalog-types.js';

/**
 * Catalog validation. A user's --catalog file is untrusted configuration: every field is checked
 * and a mistake throws MxError('config') naming the entry (1-based index and zone) and the
 * field, so a typo fails loudly instead of silently turning a list off.
 */

/** More entries than this is a file meant for something else, and would mean that many queries per target. */
export const MAX_CATALOG_ENTRIES = 5000;
/** A code table is short; thousands of keys mean a generated or hostile file, and slow every lookup. */
export const MAX_CODE_KEYS = 512;
/** Free text is printed in reports: cap it so one entry cannot flood a terminal. */
export const MAX_TEXT_LENGTH = 2000;
/** Ten years: an expiry longer than that is a unit mistake (days or seconds given as hours). */
export const MAX_EXPIRY_HOURS = 24 * 365 * 10;

/** Every key a catalog entry may have (anything else is refused by name). */
export const ENTRY_FIELDS = [
  'zone',
  'name',
  'kind',
  'ipv6',
  'ipv4',
  'codes',
  'errorCodes',
  'ignoreCodes',
  'bitmask',
  'scope',
  'delist',
  'policy',
  'access',
  'dead',
  'allowlist',
  'testPoints',
  'note',
  'source',
  'lastVerified',
];
const POLICY_FIELDS = ['kinds', 'expiryHours', 'price', 'text'];
const ACCESS_FIELDS = ['refusesPublicResolvers', 'needs', 'note'];
const DELIST_KINDS: readonly DelistKind[] = [
  'self-service',
  'auto-expiry',
  'paid',
  'manual-review',
  'isp',
  'none',
  'unknown',
];
const CODE_FORM = 'a 127.x.y.z address or a range "127.0.0.4-127.0.0.7"';

type JsonObject = Record<string, unknown>;

/** Raises the config error for one entry; `label` is e.g. `catalog.json entry 3 ("bl.x.test")`. */
class EntryErrors {
  constructor(readonly label: string) {}

  fail(field: string, message: string): never {
    throw new MxError('config', `${this.label}: ${field} ${message}`);
  }
}

/**
 * Validates a catalog (the built-in one or a user's --catalog array) and fills the defaults.
 * Only `zone` and `kind` are required.
 *
 * @example
 * parseCatalog([{ zone: 'bl.example.test', kind: 'ip' }], 'my.json')[0].testPoints === true
 */
export function parseCatalog(json: unknown, source: string): CatalogEntry[] {
  if (!Array.isArray(json)) {
    throw new MxError(
      'config',
      `${source}: the catalog must be a JSON array of entries, got ${describe(json)}`,
    );
  }
  if (json.length === 0) throw new MxError('config', `${source}: the catalog is empty`);
  if (json.length > MAX_CATALOG_ENTRIES) {
    throw new MxError(
      'config',
      `${source}: ${json.length} entries, more than the limit of ${MAX_CATALOG_ENTRIES}`,
    );
  }
  const seen = new Map<string, number>();
  return json.map((raw: unknown, index) => {
    const entry = parseEntry(raw, `${source} entry ${index + 1}`);
    const first = seen.get(entry.zone);
    if (first !== undefined) {
      throw new MxError(
        'config',
        `${source} entry ${index + 1} ("${entry.zone}"): duplicate zone, already entry ${first}`,
      );
    }
    seen.set(entry.zone, index + 1);
    return entry;
  });
}

function parseEntry(raw: unknown, position: string): CatalogEntry {
  if (!isObject(raw)) {
    throw new MxError(
      'config',
      `${position}: must be an object like {"zone": "bl.example.test", "kind": "ip"}, got ${describe(raw)}`,
    );
  }
  const unnamed: EntryErrors = new EntryErrors(position);
  if (typeof raw.zone !== 'string')
    unnamed.fail('zone', `is required (a DNS name), got ${describe(raw.zone)}`);
  const zone = normaliseDomain(raw.zone);
  if (zone === null) unnamed.fail('zone', `"${raw.zone}" is not a valid DNS name`);
  const errors: EntryErrors = new EntryErrors(`${position} ("${zone}")`);
  rejectUnknown(raw, ENTRY_FIELDS, '', errors);
  if (raw.kind !== 'ip' && raw.kind !== 'domain')
    errors.fail('kind', `must be "ip" or "domain", got ${describe(raw.kind)}`);
  const kind = raw.kind;
  const bitmask = bool(raw, 'bitmask', false, errors);
  const entry: CatalogEntry = {
    zone,
    name: text(raw, 'name', errors) ?? zone,
    kind,
    ipv6: bool(raw, 'ipv6', false, errors),
    codes: codeMap(raw.codes, 'codes', errors, bitmask),
    errorCodes: codeMap(raw.errorCodes, 'errorCodes', errors, false),
    ignoreCodes: codeMap(raw.ignoreCodes, 'ignoreCodes', errors, false),
    bitmask,
    scope: scope(raw.scope, errors),
    access: access(raw.access, errors),
    dead: bool(raw, 'dead', false, errors),
    allowlist: bool(raw, 'allowlist', false, errors),
    testPoints: bool(raw, 'testPoints', true, errors),
  };
  if (raw.ipv4 !== undefined) entry.ipv4 = bool(raw, 'ipv4', true, errors);
  checkFamilies(entry, errors);
  if (raw.delist !== undefined) entry.delist = url(raw.delist, errors);
  if (raw.policy !== undefined) entry.policy = policy(raw.policy, errors);
  for (const field of ['note', 'source', 'lastVerified'] as const) {
    const value = text(raw, field, errors);
    if (value !== undefined) entry[field] = value;
  }
  return entry;
}

function checkFamilies(entry: CatalogEntry, errors: EntryErrors): void {
  if (entry.kind === 'domain') {
    if (entry.ipv6) errors.fail('ipv6', 'applies to "ip" lists only; this is a "domain" list');
    if (entry.ipv4 !== undefined) errors.fail('ipv4', 'applies to "ip" lists only; this is a "domain" list');
  } else if (entry.ipv4 === false && !entry.ipv6) {
    errors.fail('ipv4', 'is false and ipv6 is false: the list would answer for no address at all');
  }
}

function codeMap(
  value: unknown,
  field: string,
  errors: EntryErrors,
  bitmask: boolean,
): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value))
    errors.fail(field, `must be an object mapping return codes to meanings, got ${describe(value)}`);
  const keys = Object.keys(value);
  if (keys.length > MAX_CODE_KEYS)
    errors.fail(field, `has ${keys.length} codes, more than the limit of ${MAX_CODE_KEYS}`);
  const out: Record<string, string> = {};
  for (const key of keys) {
    const range = parseCodeKey(key);
    if (range === null) errors.fail(field, `key "${key}" must be ${CODE_FORM}`);
    if (bitmask && !isSingleBit(key, range)) {
      errors.fail(
        field,
        `key "${key}": a bitmask list maps single bits, 127.0.0.N with N = 1, 2, 4, ... 128`,
      );
    }
    const meaning = value[key];
    if (typeof meaning !== 'string' || meaning.trim() === '' || meaning.length > MAX_TEXT_LENGTH) {
      errors.fail(`${field}["${key}"]`, `must be a non-empty text of at most ${MAX_TEXT_LENGTH} characters`);
    }
    out[key] = meaning;
  }
  return out;
}

function isSingleBit(key: string, [low, high]: CodeRange): boolean {
  const last = low & 0xff;
  return (
    !key.includes('-') && low === high && low >>> 8 === 0x7f0000 && last > 0 && (last & (last - 1)) === 0
  );
}

function scope(value: unknown, errors: EntryErrors): CatalogEntry['scope'] {
  if (value === undefined) return 'ip';
  if (value === 'ip' || value === 'range' || value === 'asn') return value;
  return errors.fail('scope', `must be "ip", "range" or "asn", got ${describe(value)}`);
}

function access(value: unknown, errors: EntryErrors): CatalogEntry['access'] {
  if (value === undefined) return { refusesPublicResolvers: false };
  if (!isObject(value)) errors.fail('access', `must be an object, got ${describe(value)}`);
  rejectUnknown(value, ACCESS_FIELDS, 'access.', errors);
  const out: CatalogEntry['access'] = {
    refusesPublicResolvers: bool(value, 'refusesPublicResolvers', false, errors, 'access.'),
  };
  if (value.needs !== undefined) {
    if (value.needs !== 'key' && value.needs !== 'registration') {
      errors.fail('access.needs', `must be "key" or "registration", got ${describe(value.needs)}`);
    }
    out.needs = value.needs;
  }
  const note = text(value, 'note', errors, 'access.');
  if (note !== undefined) out.note = note;
  return out;
}

function policy(value: unknown, errors: EntryErrors): DelistPolicy {
  if (!isObject(value))
    errors.fail('policy', `must be an object with "kinds" and "text", got ${describe(value)}`);
  rejectUnknown(value, POLICY_FIELDS, 'policy.', errors);
  const kinds = value.kinds;
  if (!Array.isArray(kinds) || kinds.length === 0) errors.fail('policy.kinds', 'must be a non-empty array');
  for (const kind of kinds) {
    if (!DELIST_KINDS.includes(kind as DelistKind)) {
      errors.fail(
        'policy.kinds',
        `has ${describe(kind)}; allowed: ${DELIST_KINDS.map((k) => `"${k}"`).join(', ')}`,
      );
    }
  }
  const description = text(value, 'text', errors, 'policy.');
  if (description === undefined)
    errors.fail('policy.text', 'is required (one sentence: what the admin should do)');
  const out: DelistPolicy = { kinds: kinds as DelistKind[], text: description };
  const hours = value.expiryHours;
  if (hours !== undefined) {
    if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_EXPIRY_HOURS) {
      errors.fail(
        'policy.expiryHours',
        `must be a number of hours from 0 to ${MAX_EXPIRY_HOURS}, got ${describe(hours)}`,
      );
    }
    out.expiryHours = hours;
  }
  const price = text(value, 'price', errors, 'policy.');
  if (price !== undefined) out.price = price;
  return out;
}

function url(value: unknown, errors: EntryErrors): string {
  if (typeof value === 'string') {
    try {
      const parsed = new URL(value);
      if (parsed.protocol === 'https:' || parsed.protocol === 'http:') return value;
    } catch {
      // reported below
    }
  }
  return errors.fail('delist', `must be an http(s) URL, got ${describe(value)}`);
}

function bool(obj: JsonObject, field: string, fallback: boolean, errors: EntryErrors, prefix = ''): boolean {
  const value = obj[field];
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean')
    errors.fail(prefix + field, `must be true or false, got ${describe(value)}`);
  return value;
}

function text(obj: JsonObject, field: string, errors: EntryErrors, prefix = ''): string | undefined {
  const value = obj[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT_LENGTH) {
    errors.fail(
      prefix + field,
      `must be a non-empty text of at most ${MAX_TEXT_LENGTH} characters, got ${describe(value)}`,
    );
  }
  return value;
}

function rejectUnknown(obj: JsonObject, known: readonly string[], prefix: string, errors: EntryErrors): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const near = closest(key, known);
    errors.fail(
      `${prefix}${key}`,
      `is not a known field${near ? ` (did you mean "${prefix}${near}"?)` : ''}`,
    );
  }
}

/** An inclusive range of IPv4 addresses as 32-bit integers. */
export type CodeRange = [number, number];

/** Parses a code-map key: "127.0.0.2" or "127.0.0.4-127.0.0.7" (both ends in 127/8, low <= high). */
export function parseCodeKey(key: string): CodeRange | null {
  const parts = key.split('-');
  if (parts.length > 2 || !parts.every((p) => isLoopbackV4(p))) return null;
  const low = toInt(parts[0]!);
  const high = toInt(parts[parts.length - 1]!);
  return low <= high ? [low, high] : null;
}

export function toInt(address: string): number {
  return address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const shown = JSON.stringify(value) ?? String(value);
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

/** The known name within `maxDistance` edits of a typo, for "did you mean" hints. */
export function closest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    if (Math.min(...current) >= limit) return limit;
    previous = current;
  }
  return previous[b.length]!;
}
