import { MxError } from '../core/errors.js';
import { isLoopbackV4 } from '../core/ip.js';
import builtinJson from './catalog.json' with { type: 'json' };
import { type CodeRange, closest, parseCatalog, parseCodeKey, toInt } from './catalog-parse.js';
import type { CatalogEntry } from './catalog-types.js';

export { parseCatalog, parseCodeKey } from './catalog-parse.js';

let builtin: CatalogEntry[] | undefined;

/** The catalog shipped with mxdoctor (src/check/catalog.json), validated once and cached. */
export function loadBuiltinCatalog(): CatalogEntry[] {
  builtin ??= parseCatalog(builtinJson, 'built-in catalog.json');
  return builtin;
}

/**
 * The zones to query. With --zones (a list; items may hold comma-separated names) only those,
 * in catalog order, dead ones and allowlists included because they were asked for by name; an
 * unknown name is a usage error. Without it: every list except allowlists and, unless
 * `includeDead`, the lists known dead.
 */
export function selectZones(
  catalog: readonly CatalogEntry[],
  zonesFlag: readonly string[] | undefined,
  options: { includeDead: boolean },
): CatalogEntry[] {
  // By default: no allowlists, no dead lists, and no lists that need a key in the zone name
  // (they can only answer "not configured"); naming any of them with --zones queries it.
  if (zonesFlag === undefined) {
    return catalog.filter(
      (e) => !e.allowlist && e.access.needs !== 'key' && (options.includeDead || !e.dead),
    );
  }
  const wanted = zonesFlag
    .flatMap((item) => item.split(','))
    .map((zone) => zone.trim().toLowerCase().replace(/\.$/, ''))
    .filter((zone) => zone !== '');
  if (wanted.length === 0) {
    throw new MxError(
      'usage',
      '--zones needs at least one zone name, e.g. --zones zen.spamhaus.org,bl.spamcop.net',
    );
  }
  const known = catalog.map((e) => e.zone);
  const unknown = [...new Set(wanted.filter((zone) => !known.includes(zone)))];
  if (unknown.length > 0) {
    const named = unknown.map((zone) => {
      const near = closest(zone, known, 3);
      return near ? `${zone} (did you mean ${near}?)` : zone;
    });
    throw new MxError(
      'usage',
      `--zones: not in the catalog: ${named.join(', ')}; add your own lists with --catalog FILE`,
    );
  }
  const chosen = new Set(wanted);
  return catalog.filter((e) => chosen.has(e.zone));
}

const rangeCache = new WeakMap<Record<string, string>, [CodeRange, string][]>();

/**
 * The meaning of a return code: the exact key, else the narrowest range that contains it.
 * `findCodeMeaning({ '127.0.0.4-127.0.0.7': 'XBL' }, '127.0.0.5') === 'XBL'`
 */
export function findCodeMeaning(map: Record<string, string>, code: string): string | undefined {
  if (Object.hasOwn(map, code)) return map[code];
  if (!isLoopbackV4(code)) return undefined;
  let ranges = rangeCache.get(map);
  if (ranges === undefined) {
    ranges = [];
    for (const [key, meaning] of Object.entries(map)) {
      const range = key.includes('-') ? parseCodeKey(key) : null;
      if (range !== null) ranges.push([range, meaning]);
    }
    rangeCache.set(map, ranges);
  }
  const value = toInt(code);
  let best: [CodeRange, string] | undefined;
  for (const candidate of ranges) {
    const [[low, high]] = candidate;
    if (value < low || value > high) continue;
    if (best === undefined || high - low < best[0][1] - best[0][0]) best = candidate;
  }
  return best?.[1];
}
