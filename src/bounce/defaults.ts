/**
 * The bounce analysis's options and limits in one place, for library users and the CLI's help.
 * Every port is a parameter: the check catalog (list names, zones, delisting links) is passed in,
 * never held in module state.
 */
import type { CatalogEntry } from '../check/catalog-types.js';

/** Bytes of one message looked at; the rest is ignored (a bounce's facts are at its start). */
export const MAX_ANALYSED_BYTES = 8 * 1024 * 1024;

export interface BounceOptions {
  /**
   * The check catalog whose zones, display names, delisting links and policies attribution uses
   * (the CLI passes the one --catalog/--zones selected). Default: the built-in catalog.
   */
  catalog?: readonly CatalogEntry[];
  /** Bytes of one message analysed (default DEFAULTS.maxAnalysedBytes). */
  maxAnalysedBytes?: number;
}

export const DEFAULTS = {
  maxAnalysedBytes: MAX_ANALYSED_BYTES,
  /** Characters of one rejection examined for a blocklist name. */
  maxAttributionChars: 8192,
  /** Recipients read from one delivery-status part. */
  maxDsnRecipients: 500,
  /** Rejection records read from one pasted text. */
  maxPasteRecords: 200,
} as const;
