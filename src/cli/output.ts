/**
 * What every command writes the same way: NDJSON lines, colour only for a terminal (and never
 * with NO_COLOR, https://no-color.org), and messages on stderr behind one prefix.
 */
import pc from 'picocolors';
import type { Paint } from '../render/check-text.js';
import { type CliIo, prefix, write } from './io.js';

export { prefix };

const NO_COLOUR: Paint = { red: plain, yellow: plain, green: plain, dim: plain, bold: plain };

function plain(text: string): string {
  return text;
}

/** Decided here from the command's own io (picocolors alone would look at the process's). */
const COLOUR: Paint = pc.createColors(true);

/** Colour when stdout is a terminal and NO_COLOR is unset or empty. */
export function paintFor(io: CliIo): Paint {
  const noColor = io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '';
  return io.stdout.isTTY === true && !noColor ? COLOUR : NO_COLOUR;
}

/** One compact JSON object and a newline: `--json` output is NDJSON in every command. */
export function writeJsonLine(io: CliIo, value: unknown): Promise<void> | void {
  return write(io.stdout, `${JSON.stringify(value)}\n`);
}

export function warn(io: CliIo, command: string, message: string): Promise<void> | void {
  return write(io.stderr, `${prefix(command)}${message}\n`);
}

/**
 * Colours a verdict word on the first line of a text report (the renderers write it plain),
 * looking only after `from` so that a file name holding the word is left alone.
 */
export function highlightFirstLine(
  text: string,
  from: number,
  words: Record<string, (s: string) => string>,
): string {
  const end = text.indexOf('\n');
  const first = end < 0 ? text : text.slice(0, end);
  for (const [word, colour] of Object.entries(words)) {
    const at = first.indexOf(word, from);
    if (at >= 0)
      return first.slice(0, at) + colour(word) + first.slice(at + word.length) + text.slice(first.length);
  }
  return text;
}
