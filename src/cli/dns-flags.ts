import { readFile } from 'node:fs/promises';
import type { CatalogEntry } from '../check/catalog-types.js';
import { MxError } from '../core/errors.js';
import { parseIntFlag } from '../core/limits.js';
import { createResolver, DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, parseServerAddress } from '../dns/index.js';
import type { Resolver } from '../dns/types.js';

/**
 * Flags shared by every command that does DNS (check, bounce --check, probe --mx, diagnose),
 * declared once as parseArgs options so their spelling and meaning never drift apart.
 */
export const DNS_FLAG_OPTIONS = {
  resolver: { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'dns-client': { type: 'string' },
} as const;

export const CATALOG_FLAG_OPTIONS = {
  catalog: { type: 'string' },
  zones: { type: 'string' },
} as const;

export interface DnsFlagValues {
  resolver?: string[] | undefined;
  timeout?: string | undefined;
  'dns-client'?: string | undefined;
}

export interface CatalogFlagValues {
  catalog?: string | undefined;
  zones?: string | undefined;
}

/**
 * The resolver from --resolver (repeatable; default: the system's), --timeout and --concurrency. `maxInFlight` given means the user set `--concurrency`: the
 * window then aims for it instead of adapting below it (ResolverOptions.adaptiveWindow).
 */
export function resolverFromFlags(values: DnsFlagValues, maxInFlight?: number): Resolver {
  const client = values['dns-client'];
  if (client !== undefined && client !== 'udp' && client !== 'node') {
    throw new MxError('usage', `--dns-client must be "udp" or "node", got "${client}"`);
  }
  const options: Parameters<typeof createResolver>[0] = {
    timeoutMs: parseIntFlag('--timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS),
    impl: client ?? 'udp',
  };
  if (values.resolver?.length) options.servers = values.resolver.map(parseServerAddress);
  if (maxInFlight !== undefined) {
    options.maxInFlight = maxInFlight;
    options.adaptiveWindow = false;
  }
  return createResolver(options);
}

/** The catalog: the built-in one, or --catalog FILE (a JSON array), narrowed by --zones. */
export async function catalogFromFlags(values: CatalogFlagValues): Promise<CatalogEntry[]> {
  const { loadBuiltinCatalog, parseCatalog, selectZones } = await import('../check/catalog.js');
  let catalog: CatalogEntry[];
  if (values.catalog !== undefined) {
    let text: string;
    try {
      text = await readFile(values.catalog, 'utf8');
    } catch (error) {
      throw new MxError(
        'io',
        `--catalog ${values.catalog}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new MxError('config', `--catalog ${values.catalog}: not valid JSON: ${(error as Error).message}`);
    }
    catalog = parseCatalog(json, values.catalog);
  } else {
    catalog = loadBuiltinCatalog();
  }
  const zones = values.zones
    ?.split(',')
    .map((z) => z.trim())
    .filter(Boolean);
  return selectZones(catalog, zones, { includeDead: false });
}
