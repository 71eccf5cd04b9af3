/**
 * The resolver and the catalog built from the shared DNS and catalog flags (flags.ts), for every
 * command that does DNS. Commands that may not need DNS import this file lazily, so reading a
 * bounce does not load the DNS stack.
 */
import { type CatalogEntry, loadCatalog } from '../check/index.js';
import { MxError } from '../core/errors.js';
import {
  type CreateResolverOptions,
  createResolver,
  parseServerAddress,
  type Resolver,
} from '../dns/index.js';
import { readRegular } from './inputs.js';

export interface DnsFlagValues {
  resolver?: string[] | undefined;
  timeout: number;
  'dns-client': string;
}

export interface CatalogFlagValues {
  catalog?: string | undefined;
  zones?: string | undefined;
}

/** A catalog is a few hundred entries; a file this large is not one. */
const MAX_CATALOG_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The resolver from --resolver (default: the system's), --timeout and --dns-client. `maxInFlight`
 * given means the user set `--concurrency`: the window then aims for it instead of adapting below it.
 */
export function resolverFromFlags(values: DnsFlagValues, maxInFlight?: number): Resolver {
  return createResolver(resolverOptionsFromFlags(values, maxInFlight));
}

/** The options resolverFromFlags builds its resolver from (serve's check worker builds its own). */
export function resolverOptionsFromFlags(values: DnsFlagValues, maxInFlight?: number): CreateResolverOptions {
  const options: CreateResolverOptions = {
    timeoutMs: values.timeout,
    impl: values['dns-client'] === 'node' ? 'node' : 'udp',
  };
  if (values.resolver?.length)
    options.servers = values.resolver.map((text) => withFlag('--resolver', () => parseServerAddress(text)));
  if (maxInFlight !== undefined) {
    options.maxInFlight = maxInFlight;
    options.adaptiveWindow = false;
  }
  return options;
}

/** The catalog: the built-in one, or --catalog FILE (a JSON array), narrowed by --zones. */
export async function catalogFromFlags(values: CatalogFlagValues): Promise<CatalogEntry[]> {
  const zones = values.zones === undefined ? undefined : [values.zones];
  if (values.catalog === undefined) return withFlag('--zones', () => loadCatalog(zones ? { zones } : {}));
  const path = values.catalog;
  const text = (await withFlagAsync('--catalog', () => readRegular(path, MAX_CATALOG_FILE_BYTES))).toString(
    'utf8',
  );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MxError('config', `--catalog ${path}: not valid JSON: ${(error as Error).message}`);
  }
  return loadCatalog({ json, source: `--catalog ${path}`, ...(zones ? { zones } : {}) });
}

/** Library errors name the option, not the flag: the flag is put in front here. */
function withFlag<T>(flag: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw renamed(flag, error);
  }
}

async function withFlagAsync<T>(flag: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw renamed(flag, error);
  }
}

function renamed(flag: string, error: unknown): unknown {
  if (!(error instanceof MxError) || error.message.startsWith(flag)) return error;
  return new MxError(error.code, `${flag} ${error.message}`, { cause: error.cause });
}
