import type { CatalogEntry } from './catalog-types.js';

/** Per zone: listed, clean (NXDOMAIN), error (the query failed or was refused), or unhealthy
 * (the zone failed its RFC 5782 test points, so its answer is not trusted either way). */
export type ZoneStatus = 'listed' | 'clean' | 'error' | 'unhealthy';

export interface ZoneResult {
  zone: string;
  name: string;
  status: ZoneStatus;
  /** For a domain target checked on an IP list: which of its addresses this result is for. */
  address?: string;
  /** The A records returned (listing codes), in answer order. */
  codes: string[];
  /** What the codes mean, from the catalog; for UCEPROTECT 2/3 it says the listing is about the neighbourhood. */
  meaning: string | null;
  txt: string | null;
  delist: string | null;
  policy: string | null;
  scope: CatalogEntry['scope'];
  ms: number;
  /** Why the result is an error or unhealthy, in words (e.g. "query refused: public or unregistered resolver"). */
  error: string | null;
}

export interface CheckSummary {
  listed: number;
  clean: number;
  error: number;
  unhealthy: number;
}

export interface TargetReport {
  /** The target as given (an address of an expanded range is reported as itself). */
  target: string;
  kind: 'ip' | 'domain';
  /** For a domain: the A/AAAA addresses checked against the IP lists. */
  addresses?: string[];
  /** A problem resolving a domain's addresses, when there was one. */
  addressError?: string;
  results: ZoneResult[];
  summary: CheckSummary;
}

export type ZoneHealth =
  | { state: 'healthy' }
  /** The test points could not be queried (timeout, refusal): health is unknown, not bad. */
  | { state: 'unknown'; reason: string }
  | { state: 'unhealthy'; reason: string }
  | { state: 'not-probed' };
