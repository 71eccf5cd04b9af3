/**
 * The one sanitiser for strings that came from outside (DNS TXT records, SMTP replies,
 * certificate subjects, mail headers, attachment names, DSN fields) on their way to a terminal.
 *
 * Stops: terminal escape injection. A TXT record or a Subject carrying ESC sequences can retitle
 * the window (OSC 0), clear the screen (CSI 2J) or move the cursor to overwrite the verdict line
 * above it; C1 controls (0x80-0x9f, e.g. U+009B, the 8-bit CSI) do the same on terminals that
 * honour them; bidi overrides and isolates (Unicode TR9, the "Trojan Source" trick) reorder what
 * the reader sees. Each is shown visibly instead: `\x1b`, `\x9b`, `\u202e`. Tabs are kept; a
 * newline is kept only in multi-line text (sanitizeText), escaped in single-line fields
 * (sanitizeLine) so that a header cannot fake a line of the report.
 *
 * --json needs none of this: JSON.stringify escapes C0 controls, and JSON is for programs.
 * HTML reports escape markup separately (src/render/diagnose-html.ts).
 */

/** Bidi embeddings/overrides (U+202A-E), isolates (U+2066-9), marks, and line/paragraph separators. */
const UNSAFE_FORMAT = new Set([0x061c, 0x200e, 0x200f, 0x2028, 0x2029]);

/**
 * C0 except TAB (and LF when keepLf), DEL, C1, and the format characters above. A code-unit scan
 * rather than a regular expression: Biome rightly flags control characters in regex literals.
 */
function isUnsafe(code: number, keepLf: boolean): boolean {
  if (code < 0x20) return code !== 0x09 && !(keepLf && code === 0x0a);
  if (code < 0x7f) return false;
  if (code <= 0x9f) return true;
  if (code < 0x061c) return false;
  return UNSAFE_FORMAT.has(code) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

function visible(code: number): string {
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

function firstUnsafe(text: string, keepLf: boolean): number {
  for (let i = 0; i < text.length; i++) if (isUnsafe(text.charCodeAt(i), keepLf)) return i;
  return -1;
}

function escapeFrom(text: string, first: number, keepLf: boolean): string {
  let out = text.slice(0, first);
  for (let i = first; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out += isUnsafe(code, keepLf) ? visible(code) : text[i];
  }
  return out;
}

/**
 * A single-line field (a header, a reply line, a TXT string, a file name): every control,
 * including CR and LF, and every bidi control shown as an escape. Tabs are kept.
 *
 * @example
 * sanitizeLine('\x1b]0;pwned\x07 hi'); // '\\x1b]0;pwned\\x07 hi'
 */
export function sanitizeLine(text: string): string {
  // The fast path: almost every string is clean, and renderers call this for each field.
  const first = firstUnsafe(text, false);
  return first < 0 ? text : escapeFrom(text, first, false);
}

/** Multi-line text (a reply of several lines, a transcript): LF and TAB kept, the rest as sanitizeLine. */
export function sanitizeText(text: string): string {
  const first = firstUnsafe(text, true);
  return first < 0 ? text : escapeFrom(text, first, true);
}

/** True when a text would be changed by sanitizeText: tests assert rendered output never is. */
export function hasUnsafeCharacters(text: string): boolean {
  return firstUnsafe(text, true) >= 0;
}
