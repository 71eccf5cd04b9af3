/** The phishing analysis's limits and verdict thresholds in one object, for library users and the CLI. */
import {
  MAX_ARCHIVE_SCAN_BYTES,
  MAX_ATTACHMENTS,
  MAX_HTML_CHARS,
  MAX_LINKS,
  MAX_TEXT_CHARS,
} from './limits.js';
import { PHISHING_MIN_SCORE, SUSPICIOUS_MIN_SCORE } from './verdict.js';

export const PHISH_DEFAULTS = {
  maxHtmlChars: MAX_HTML_CHARS,
  maxTextChars: MAX_TEXT_CHARS,
  maxLinks: MAX_LINKS,
  maxAttachments: MAX_ATTACHMENTS,
  maxArchiveScanBytes: MAX_ARCHIVE_SCAN_BYTES,
  phishingMinScore: PHISHING_MIN_SCORE,
  suspiciousMinScore: SUSPICIOUS_MIN_SCORE,
} as const;
