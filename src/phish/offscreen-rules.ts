/**
 * Content pushed out of sight by an enormous offset ("margin-top: 470500px", "height: 10000vh"):
 * filler that a filter reads and the reader never sees, or a message body placed far below what
 * the reading pane shows. Legitimate mail hides preheaders with display:none or max-height:0 and
 * image text with text-indent:-9999px; offsets of 10,000 pixels or 1,000 viewport heights and
 * more have no layout purpose.
 */
import type { Findings } from './catalog.js';

/** The HTML read for offsets: style blocks sit at the top; a megabyte of markup is not rescanned. */
export const MAX_OFFSCREEN_SCAN_CHARS = 256 * 1024;
const OFFSET =
  /(?:margin(?:-top|-left)?|(?:min-)?height|top|left|padding(?:-top)?)\s*:\s*-?\d{5,}(?:\.\d+)?px|\b\d{4,}vh\b/i;

export function checkOffscreen(html: string | undefined, out: Findings): void {
  if (html === undefined) return;
  const found = OFFSET.exec(html.slice(0, MAX_OFFSCREEN_SCAN_CHARS));
  if (found === null) return;
  out.add(
    'offscreen-content',
    `the HTML pushes content out of sight with an offset no layout needs ("${found[0]}")`,
    found[0],
  );
}
