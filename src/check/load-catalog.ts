/**
 * The catalog a run queries, in one call: the built-in one or a caller's JSON (already parsed:
 * reading files is the caller's edge), validated, then narrowed to the zones asked for.
 */
import { loadBuiltinCatalog, parseCatalog, selectZones } from './catalog.js';
import type { CatalogEntry } from './catalog-types.js';
import { CHECK_DEFAULTS } from './defaults.js';

export interface LoadCatalogOptions {
  /** A parsed JSON catalog (an array of entries) to use instead of the built-in one. */
  json?: unknown;
  /** Names the source in validation errors, e.g. the file it came from. */
  source?: string;
  /** Only these zones (names may hold comma-separated lists); absent: every usable list. */
  zones?: readonly string[];
  /** Keep lists the catalog marks dead (default CHECK_DEFAULTS.includeDead). */
  includeDead?: boolean;
}

/**
 * @example
 * const catalog = loadCatalog({ zones: ['zen.spamhaus.org'] });
 * for await (const r of checkTargets([parseTarget('192.0.2.1')], { resolver, catalog })) ...
 */
export function loadCatalog(options: LoadCatalogOptions = {}): CatalogEntry[] {
  const all =
    options.json === undefined
      ? loadBuiltinCatalog()
      : parseCatalog(options.json, options.source ?? 'catalog');
  return selectZones(all, options.zones, { includeDead: options.includeDead ?? CHECK_DEFAULTS.includeDead });
}
