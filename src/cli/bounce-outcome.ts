/**
 * One bounce message as `bounce` prints it (its JSON line or text report, the verdict word in
 * red on a terminal) with the facts the command counts: the same function on the main thread
 * and in the message workers, so the output is the same byte for byte wherever it ran.
 */
import pc from 'picocolors';
import { analyzeBounce, type BounceOptions, type BounceReport, renderText } from '../bounce/index.js';
import type { BounceJsonLine } from './json-shapes.js';
import type { MessageOutcome } from './message-pool.js';
import { highlightFirstLine } from './output.js';

const RED = { bounce: pc.createColors(true).red };

export function bounceOutcome(
  name: string,
  report: BounceReport,
  json: boolean,
  colour: boolean,
): MessageOutcome {
  let out: string;
  if (json) out = `${JSON.stringify({ file: name, ...report } satisfies BounceJsonLine)}\n`;
  else {
    out = renderText(name, report);
    if (colour) out = highlightFirstLine(out, name.length, RED);
  }
  return {
    out,
    flagged: report.isBounce,
    warning: report.warning !== null,
    recipients: report.recipients.length,
  };
}

/** The analysis of one message for `bounce` without --check. */
export function analyseBounceMessage(
  options: BounceOptions,
  json: boolean,
  colour: boolean,
): (name: string, bytes: Uint8Array) => MessageOutcome {
  return (name, bytes) => bounceOutcome(name, analyzeBounce(bytes, options), json, colour);
}
