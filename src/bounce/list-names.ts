/**
 * The names a rejection can give a blocklist: every zone and display name of the check catalog,
 * plus the product names and providers' code families of blocklist-names.json. Built once per
 * catalog (cached by identity), validated at load: the JSON is data written by hand, so a typo
 * must fail loudly at start-up, not silently stop recognising a list.
 */
import type { CatalogEntry } from '../check/catalog-types.js';
import { escapeRegex } from '../core/regex.js';
import namesJson from './blocklist-names.json' with { type: 'json' };
import { type Brand, type ListingContext, parseBrands, parseListingContext } from './list-context-data.js';
import { fail, lowerStrings, obj, optStr, regex, str, strings } from './names-json.js';

export interface Product {
  name: string;
  zone: string | null;
  contains: string[];
  delist: string | null;
  policy: string | null;
}

export interface Provider {
  name: string;
  pattern: RegExp;
  delist: string | null;
  policy: string | null;
}

export interface ListNames {
  products: Product[];
  /** Every product phrase in one alternation (one pass over the text), with the product it names. */
  productPhrases: { pattern: RegExp; index: Map<string, number> };
  providers: Provider[];
  markers: string[];
  unnamed: RegExp;
  /** The block is the recipient's own (of a sender address), or negated: no unnamed list. */
  unnamedNot: RegExp;
  notListing: RegExp;
  /** Short names that name a list only in listing context ("on the Barracuda blocklist"). */
  brands: Brand[];
  context: ListingContext;
}

/** Checks the shape of blocklist-names.json; throws MxError('config') naming the bad field. */
export function parseListNames(data: unknown): ListNames {
  const root = obj(data, 'the file');
  const products = (Array.isArray(root.products) ? root.products : fail('products must be an array')).map(
    (p, i): Product => {
      const o = obj(p, `products[${i}]`);
      const contains = lowerStrings(o.contains, `products[${i}].contains`);
      return {
        name: str(o.name, `products[${i}].name`),
        zone: optStr(o.zone, `products[${i}].zone`),
        contains,
        delist: optStr(o.delist, `products[${i}].delist`),
        policy: optStr(o.policy, `products[${i}].policy`),
      };
    },
  );
  const providers = (Array.isArray(root.providers) ? root.providers : fail('providers must be an array')).map(
    (p, i): Provider => {
      const o = obj(p, `providers[${i}]`);
      return {
        name: str(o.name, `providers[${i}].name`),
        pattern: regex(str(o.pattern, `providers[${i}].pattern`), `providers[${i}].pattern`),
        delist: optStr(o.delist, `providers[${i}].delist`),
        policy: optStr(o.policy, `providers[${i}].policy`),
      };
    },
  );
  const words = strings(root.notListing, 'notListing').map(escapeRegex);
  return {
    products,
    productPhrases: phraseIndex(products.map((p) => p.contains)),
    providers,
    markers: strings(root.markers, 'markers'),
    unnamed: regex(strings(root.unnamed, 'unnamed').join('|'), 'unnamed'),
    unnamedNot: regex(str(root.unnamedNot, 'unnamedNot'), 'unnamedNot'),
    // A stop word that begins a list's name is that name ("spf" in "SPFBL", dnsbl.spfbl.net).
    notListing: new RegExp(`\\b(?:${words.join('|')})(?![a-z]{0,20}bl\\b)`, 'i'),
    brands: parseBrands(
      root.brands,
      products.map((p) => p.name),
      providers.map((p) => p.name),
    ),
    context: parseListingContext(root.listingContext),
  };
}

/** Phrases of several entries in one alternation; each phrase maps to the first entry that has it. */
function phraseIndex(lists: string[][]): { pattern: RegExp; index: Map<string, number> } {
  const index = new Map<string, number>();
  lists.forEach((phrases, i) => {
    for (const phrase of phrases) if (!index.has(phrase)) index.set(phrase, i);
  });
  const sorted = [...index.keys()].sort((a, b) => b.length - a.length);
  return { pattern: new RegExp(sorted.map(escapeRegex).join('|'), 'g'), index };
}

/** The entry (lowest index, i.e. first in data order) whose phrase the lower-case text contains, or null. */
export function firstNamed(
  lower: string,
  phrases: { pattern: RegExp; index: Map<string, number> },
): number | null {
  let best = Number.POSITIVE_INFINITY;
  const re = phrases.pattern;
  re.lastIndex = 0;
  for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
    best = Math.min(best, phrases.index.get(m[0])!);
    re.lastIndex = m.index + 1;
  }
  return Number.isFinite(best) ? best : null;
}

let builtinNames: ListNames | null = null;

/** The shipped product and provider names, validated on first use. */
export function builtinListNames(): ListNames {
  builtinNames ??= parseListNames(namesJson);
  return builtinNames;
}

/** Catalog facts by zone (found by zonesIn), and the display names in one alternation. */
export interface CatalogIndex {
  byZone: Map<string, CatalogEntry>;
  /** Display names of three words or fewer, lower-case, with the entry they name, in one alternation. */
  names: { entries: CatalogEntry[]; phrases: { pattern: RegExp; index: Map<string, number> } };
}

const indexes = new WeakMap<readonly CatalogEntry[], CatalogIndex>();

/** Whether a name found at `at` starts there: not the tail of a longer host, word or address. */
export function startsName(text: string, at: number): boolean {
  return at === 0 || !/[\w.@-]/.test(text[at - 1]!);
}

/** a-z, 0-9, "_", "-" and ".": the characters of a host name in lower-case text (\w, ".", "-"). */
function isHostChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || (c >= 65 && c <= 90)
  );
}

/**
 * Calls `visit` with each catalog zone named in the lower-case text, in order, until it returns
 * true. A zone is named when a whole run of host characters is one (a final dot aside): neither
 * "foo.zen.spamhaus.org" nor "zen.spamhaus.org.example" names it, "zen.spamhaus.org." does. One
 * pass over the characters and a map look-up per host: an alternation of 165 zones tried at every
 * position cost more than the rest of attribution together.
 */
export function forEachZone(
  lower: string,
  index: CatalogIndex,
  visit: (zone: string, at: number) => boolean,
): void {
  const n = lower.length;
  // From each dot, out to the ends of its run: dots are few, and each character is read at most
  // twice (a run ends at a character that is no part of the next one).
  for (let dot = lower.indexOf('.'); dot >= 0; ) {
    let start = dot;
    while (start > 0 && isHostChar(lower.charCodeAt(start - 1))) start--;
    let end = dot + 1;
    while (end < n && isHostChar(lower.charCodeAt(end))) end++;
    const next = end;
    while (end > start && lower.charCodeAt(end - 1) === 46) end--;
    const run = lower.slice(start, end);
    if (index.byZone.has(run) && visit(run, start)) return;
    dot = lower.indexOf('.', next);
  }
}

/** Names too generic to mean a list on their own in free text. */
const GENERIC_NAME = /^(?:[a-z]{1,4}|[\w.-]+ \(dead\)|.*allowlist.*|dnswl\.org)$/;

export function indexCatalog(entries: readonly CatalogEntry[]): CatalogIndex {
  const cached = indexes.get(entries);
  if (cached) return cached;
  const byZone = new Map<string, CatalogEntry>();
  for (const e of entries) byZone.set(e.zone.toLowerCase(), e);
  const named = entries.filter((e) => {
    const name = e.name.toLowerCase();
    return !GENERIC_NAME.test(name) && !name.includes('(') && name.split(' ').length <= 3;
  });
  const names = { entries: named, phrases: phraseIndex(named.map((e) => [e.name.toLowerCase()])) };
  const index = { byZone, names };
  indexes.set(entries, index);
  return index;
}
