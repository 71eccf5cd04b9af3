/**
 * Folder entries in name order, as `a.localeCompare(b)` orders them, without starting ICU when
 * it can be helped: the first Intl or localeCompare call of a process loads ICU's collation
 * data, about 30 ms (60 ms on a busy 2-core VM), a tenth of a 4,700-bounce `bounce --json
 * FOLDER` run. Printable ASCII names under an English, C or POSIX locale (the root collation of
 * CLDR, which English does not tailor) are compared with the table below; any other name or
 * locale goes to Intl.Collator. sort-names.test.ts checks the table against localeCompare.
 */

/**
 * The printable ASCII characters in root collation order (alternate = non-ignorable: spaces and
 * punctuation have primary weights). A letter's two cases share a primary weight and differ at
 * the tertiary level only, lower case first.
 */
export const ROOT_ASCII_ORDER =
  ' _-,;:!?.\'"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ';

/** Primary weight and case (tertiary) weight per character code, 0 for characters not in the table. */
const PRIMARY = new Uint8Array(128);
const UPPER = new Uint8Array(128);
{
  let weight = 0;
  for (const ch of ROOT_ASCII_ORDER) {
    const code = ch.charCodeAt(0);
    const isUpper = code >= 65 && code <= 90;
    if (!isUpper) weight++;
    PRIMARY[code] = weight;
    UPPER[code] = isUpper ? 1 : 0;
  }
}

function isPrintableAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 32 || c > 126) return false;
  }
  return true;
}

/** localeCompare's order for two printable ASCII strings under the root collation. */
export function compareRootAscii(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = PRIMARY[a.charCodeAt(i)]! - PRIMARY[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  for (let i = 0; i < n; i++) {
    const d = UPPER[a.charCodeAt(i)]! - UPPER[b.charCodeAt(i)]!;
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Whether ICU's default locale uses the root collation: ICU takes it from LC_ALL, LC_MESSAGES,
 * then LANG (C and POSIX read as en_US_POSIX, which V8 orders as en-US).
 */
export function rootCollationLocale(env: Readonly<Record<string, string | undefined>>): boolean {
  const id = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return id === '' || /^(?:c|posix|en)(?:[_.@-]|$)/i.test(id);
}

/**
 * A key whose code-unit order is compareRootAscii's order: the primary weights, a separator
 * below every weight (a name that is a prefix of another comes first), then the case weights.
 */
function rootAsciiKey(name: string): string {
  const codes = new Array<number>(2 * name.length + 1);
  codes[name.length] = 1;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    codes[i] = 32 + PRIMARY[c]!;
    codes[name.length + 1 + i] = 48 + UPPER[c]!;
  }
  return String.fromCharCode(...codes);
}

/** Sorts entries by name as localeCompare would; returns a new array. */
export function sortByName<T extends { name: string }>(
  entries: T[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): T[] {
  if (rootCollationLocale(env) && entries.every((e) => isPrintableAscii(e.name))) {
    // Keys sorted by the engine's own string order: a JS comparator called 60,000 times
    // before it is compiled cost 10-30 ms on 4,700 names. Distinct names have distinct keys.
    const byKey = new Map<string, T>();
    for (const e of entries) byKey.set(rootAsciiKey(e.name), e);
    if (byKey.size === entries.length) return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  }
  const { compare } = new Intl.Collator();
  return [...entries].sort((a, b) => compare(a.name, b.name));
}
