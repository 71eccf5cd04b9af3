/** The blocklist check's defaults in one object: the CLI's flag table reads them from here. */
import { EAGER_TXT_MAX_TARGETS, MAX_TARGET_CONCURRENCY } from './check.js';

export const CHECK_DEFAULTS = {
  /** Fetch the TXT reason of listings. */
  txt: true,
  /** Up to this many targets the TXT reason is asked together with the A query. */
  eagerTxtMaxTargets: EAGER_TXT_MAX_TARGETS,
  maxTargetConcurrency: MAX_TARGET_CONCURRENCY,
  /** Dead zones (catalog `dead: true`) are left out unless asked for. */
  includeDead: false,
} as const;
