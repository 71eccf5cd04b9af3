/**
 * The shape of each `--json` line, per command. Every command prints NDJSON: one compact object
 * a line, one line per input or result (target, server, message, domain), the same shape for one
 * input as for many. Exported from the package (src/index.ts) so scripts can type what they read.
 */
import type { BounceReport } from '../bounce/index.js';
import type { TargetReport } from '../check/index.js';
import type { DiagnoseReport } from '../diagnose/index.js';
import type { ProbeReport } from '../probe/index.js';

/** `check --json`: one line per address or domain checked (a range gives one per address). */
export type CheckJsonLine = TargetReport;

/** `probe --json`: one line per server probed, in input order. */
export type ProbeJsonLine = ProbeReport;

/** `bounce --json`: one line per message; `check` holds the live checks of `--check`. */
export type BounceJsonLine = BounceReport & { file: string; check?: CheckJsonLine[] };

/**
 * `phish --json`: one line per message: `file`, `verdict`, `score`, `subject`, `from`,
 * `findings[]`, `links[]`, `attachments[]`, `truncated[]`, and `parseError` when parsing failed
 * (src/phish/render.ts toJson).
 */
export type PhishJsonLine = Record<string, unknown> & { file: string };

/** `diagnose --json`: one line, the whole report of the domain or address. */
export type DiagnoseJsonLine = DiagnoseReport;
