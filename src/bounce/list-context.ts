/**
 * A list named in listing context: "Your IP is on the Barracuda blocklist", "blacklisted at PSBL",
 * "rejected due to Truncate listing", "Manitu listed". A short brand name counts only there: the
 * same word names a content filter ("Barracuda: message content rejected"), a gateway ("blocked by
 * Proofpoint's URL defense") or the recipient's provider elsewhere. Product phrases and catalog
 * display names are looked for too, so that the list the text says we are listed on wins over a
 * list merely mentioned elsewhere. The context is a few words either side, within the sentence.
 */
import type { CatalogEntry } from '../check/catalog-types.js';
import { escapeRegex } from '../core/regex.js';
import type { BrandTarget, ListingContext } from './list-context-data.js';
import { type CatalogIndex, indexCatalog, type ListNames, startsName } from './list-names.js';

export type ContextTarget = BrandTarget | { kind: 'catalog'; entry: CatalogEntry };

export interface ContextIndex {
  /** Every brand word, product phrase and catalog display name, longest first, as whole words. */
  pattern: RegExp | null;
  targets: Map<string, ContextTarget>;
  /** Allow-list zones and names of the catalog ("list.dnswl.org", "Mailspike allowlist"): never a listing. */
  allowlisted: RegExp | null;
  /** Substrings one of which every allow-list name holds: most texts hold none, and skip the scan. */
  allowKeys: string[];
}

/** Characters either side of a name looked at for its context (a few words). */
const WINDOW_CHARS = 80;
/** Names examined in one text: a hostile text repeating a brand costs at most this many windows. */
const MAX_NAMES_EXAMINED = 64;
const MAX_WORDS_BEFORE = 6;
const MAX_WORDS_AFTER = 4;
/** A word: letters, digits and the joiners of names and addresses ("rbl+", "x's", "203.0.113.4"). */
const WORD = /[a-z0-9&][a-z0-9.+&'\u2019_-]*/g;
/** A sentence break ends the context: ". " (not the dots of an address or host), ; ! ? or a line end. */
const BREAK = /[;!?\n]|\.(?:\s|$)/g;

const indexes = new WeakMap<ListNames, WeakMap<readonly CatalogEntry[], ContextIndex>>();

export function indexContext(names: ListNames, catalog: readonly CatalogEntry[]): ContextIndex {
  let byCatalog = indexes.get(names);
  if (!byCatalog) {
    byCatalog = new WeakMap();
    indexes.set(names, byCatalog);
  }
  const cached = byCatalog.get(catalog);
  if (cached) return cached;
  const targets = new Map<string, ContextTarget>();
  names.products.forEach((p, index) => {
    for (const phrase of p.contains)
      if (!targets.has(phrase)) targets.set(phrase, { kind: 'product', index });
  });
  for (const b of names.brands)
    for (const word of b.words) if (!targets.has(word)) targets.set(word, b.target);
  const cat: CatalogIndex = indexCatalog(catalog);
  for (const entry of cat.names.entries) {
    const name = entry.name.toLowerCase();
    if (!targets.has(name)) targets.set(name, { kind: 'catalog', entry });
  }
  const allow = allowlistWords(catalog);
  const index = {
    pattern: wholeWords([...targets.keys()]),
    targets,
    allowlisted: allow.length === 0 ? null : wholeWords(allow, '(?![\\w-])'),
    allowKeys: [...new Set(allow.map((w) => ['wl', 'allowlist'].find((k) => w.includes(k)) ?? w))],
  };
  byCatalog.set(catalog, index);
  return index;
}

/** Phrases as whole words: not inside a host name, an address or a header name ("X-Barracuda-"). */
function wholeWords(phrases: string[], after = '(?![a-z0-9])'): RegExp | null {
  if (phrases.length === 0) return null;
  const alt = phrases
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
  // The character before is checked by startsName: a look-behind before a long alternation is
  // tried at every position of the text.
  return new RegExp(`(?:${alt})${after}`, 'g');
}

function allowlistWords(catalog: readonly CatalogEntry[]): string[] {
  const words = new Set<string>();
  for (const e of catalog) {
    if (!e.allowlist) continue;
    words.add(e.zone.toLowerCase());
    const name = e.name.toLowerCase().replace(/\s*\(.*$/, '');
    if (name.length > 4) words.add(name);
  }
  return [...words];
}

function wordsOf(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** The words of the same sentence before `at`, the last MAX_WORDS_BEFORE of them. */
function wordsBefore(lower: string, at: number): string {
  const window = lower.slice(Math.max(0, at - WINDOW_CHARS), at);
  let start = 0;
  BREAK.lastIndex = 0;
  for (let m = BREAK.exec(window); m !== null; m = BREAK.exec(window)) start = m.index + m[0].length;
  return wordsOf(window.slice(start)).slice(-MAX_WORDS_BEFORE).join(' ');
}

/** The words of the same sentence after `at`, the first MAX_WORDS_AFTER; a possessive or a host's suffix skipped. */
function wordsAfter(lower: string, at: number): string {
  let window = lower
    .slice(at, at + WINDOW_CHARS)
    .replace(/^(?:['\u2019]s?|(?:\.[a-z0-9-]{1,63}){1,4}(?![a-z0-9]))/, '');
  BREAK.lastIndex = 0;
  const stop = BREAK.exec(window);
  if (stop) window = window.slice(0, stop.index);
  return wordsOf(window).slice(0, MAX_WORDS_AFTER).join(' ');
}

/** Whether the words around a name say the text is about a listing on it. */
export function inListingContext(before: string, after: string, c: ListingContext): boolean {
  if (c.allow.test(before) || c.allow.test(after) || c.negation.test(before)) return false;
  if (c.failure.test(before) || c.failure.test(after) || c.content.test(after)) return false;
  if (c.nouns.test(after) || c.verbsAfter.test(after) || c.before.test(before)) return true;
  return c.weakNouns.test(after) && c.weakBefore.test(before);
}

/** Whether the name at [start, end) of the lower-case text stands in listing context. */
export function standsInContext(lower: string, start: number, end: number, names: ListNames): boolean {
  return inListingContext(wordsBefore(lower, start), wordsAfter(lower, end), names.context);
}

/**
 * The first list named in listing context (null if none), and where names stand in a context that
 * denies a listing (a negation or an allow-list word), for withoutDenied. `lower` is the lower-cased text.
 */
export function namedInContext(
  lower: string,
  names: ListNames,
  index: ContextIndex,
): { target: ContextTarget | null; denied: [number, number][] } {
  const denied: [number, number][] = [];
  const re = index.pattern;
  if (!re) return { target: null, denied };
  const c = names.context;
  re.lastIndex = 0;
  let examined = 0;
  for (let m = re.exec(lower); m !== null && examined < MAX_NAMES_EXAMINED; m = re.exec(lower)) {
    if (!startsName(lower, m.index)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    examined++;
    const end = m.index + m[0].length;
    const before = wordsBefore(lower, m.index);
    const after = wordsAfter(lower, end);
    if (inListingContext(before, after, c)) return { target: index.targets.get(m[0]) ?? null, denied };
    if (c.negation.test(before) || c.allow.test(before) || c.allow.test(after)) denied.push([m.index, end]);
  }
  return { target: null, denied };
}

/**
 * The text with the names the words around them deny blanked ("is not listed on Spamhaus",
 * "whitelisted by Barracuda"): the later passes, which take a name anywhere, must not take it.
 */
export function withoutDenied(lower: string, denied: readonly (readonly [number, number])[]): string {
  let out = lower;
  for (const [start, end] of denied) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

/** The text with the catalog's allow-lists blanked: being on one is never why mail was refused. */
export function withoutAllowlists(lower: string, index: ContextIndex): string {
  if (!index.allowlisted || !index.allowKeys.some((k) => lower.includes(k))) return lower;
  return lower.replace(index.allowlisted, (m: string, at: number) =>
    startsName(lower, at) ? ' '.repeat(m.length) : m,
  );
}

/**
 * A capitalised word right before a listing noun ("ROTA blacklist", "Telia RBL") that no table
 * knows and that does not merely describe a list: a list named by its own name (an ISP's own list).
 * `text` is the original text (for the capital), `lower` its lower-case form of the same length.
 */
/** A listing noun; the word before it is read apart (a scan from every word start cost 5 % of attribution). */
const LIST_NOUN = /(?:black ?list|block ?list|rbl|dnsbl)(?![a-z0-9])/g;
const WORD_BEFORE_NOUN = /([a-z][a-z0-9-]{1,29})(?:['\u2019]s)? $/;
/** Characters that make a word part of a host, an address, a path or a header name. */
const JOINED = /[\w.@/:-]/;

export function unknownNamedList(text: string, lower: string, names: ListNames): string | null {
  if (text.length !== lower.length) return null;
  LIST_NOUN.lastIndex = 0;
  let examined = 0;
  for (
    let n = LIST_NOUN.exec(lower);
    n !== null && examined < MAX_NAMES_EXAMINED;
    n = LIST_NOUN.exec(lower)
  ) {
    examined++;
    const start = Math.max(0, n.index - 34);
    const w = WORD_BEFORE_NOUN.exec(lower.slice(start, n.index));
    if (!w) continue;
    const word = w[1]!;
    const at = start + w.index;
    if (at > 0 && JOINED.test(lower[at - 1]!)) continue;
    const original = text.slice(at, at + word.length);
    if (original === word || names.context.notNames.has(word)) continue;
    // A whole phrase in capitals ("ATTACHMENT BLACKLIST") is a shouted sentence, not a name.
    const noun = text.slice(n.index, n.index + n[0].length);
    if (original === word.toUpperCase() && noun === noun.toUpperCase() && !/^(?:dns)?rbl$/i.test(noun))
      continue;
    const c = names.context;
    const before = wordsBefore(lower, at);
    const after = wordsAfter(lower, n.index + n[0].length);
    if (c.allow.test(before) || c.allow.test(after) || c.negation.test(before)) continue;
    if (c.failure.test(before) || c.failure.test(after) || c.content.test(after)) continue;
    return `${original} blocklist`;
  }
  return null;
}
