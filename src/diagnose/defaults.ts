/** The domain diagnosis's defaults in one object: the CLI's flag table reads them from here. */
import { DEFAULT_PART_TIMEOUT_MS, DEFAULT_SMTP_TIMEOUT_MS, MAX_PART_TIMEOUT_MS } from './diagnose.js';

export const DIAGNOSE_DEFAULTS = {
  smtpPort: 25,
  /** Deadline of each DNS part (MX, SPF, DMARC, one address's PTR or lists). */
  partTimeoutMs: DEFAULT_PART_TIMEOUT_MS,
  /** Deadline of each whole SMTP probe. */
  smtpTimeoutMs: DEFAULT_SMTP_TIMEOUT_MS,
  maxPartTimeoutMs: MAX_PART_TIMEOUT_MS,
} as const;
