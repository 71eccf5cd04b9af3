import type { CatalogEntry } from './catalog-types.js';

/**
 * Per zone: listed, clean (NXDOMAIN from a zone whose RFC 5782 test points held in this run),
 * error (the query failed or was refused), unhealthy (the zone failed its test points, so its
 * answer is not trusted either way), or unverified (the zone's health could not be established
 * in this run — its test points went unanswered — so an NXDOMAIN from it proves nothing; counted
 * as an error, never as clean).
 */
export type ZoneStatus = 'listed' | 'clean' | 'error' | 'unhealthy' | 'unverified';

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
  unverified: number;
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
  /**
   * The test points could not be queried (timeout, refusal): health is unknown, not bad, and the
   * zone's NXDOMAIN is not "clean" (status `unverified`). `silent`: no DNS answer at all came
   * back for them (the zone or its servers are dead), so targets are not asked either: a dead
   * list costs one timeout per run, not one per target.
   */
  | { state: 'unknown'; reason: string; silent: boolean }
  | { state: 'unhealthy'; reason: string }
  | { state: 'not-probed' };
