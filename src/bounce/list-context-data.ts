/**
 * The listing-context part of blocklist-names.json: brand words that name a list only in listing
 * context, and the words that make that context. Validated at load like the rest of the file: a
 * brand naming a product or provider the file does not hold fails at start-up.
 */
import { escapeRegex } from '../core/regex.js';
import { fail, lowerStrings, obj, str } from './names-json.js';

/** What a brand word names: a product or provider of the file, or a DNS zone (its catalog entry). */
export type BrandTarget =
  | { kind: 'product'; index: number }
  | { kind: 'provider'; index: number }
  | { kind: 'zone'; zone: string; name: string };

export interface Brand {
  words: string[];
  target: BrandTarget;
}

/**
 * Tests on the few words around a name, joined by single spaces (at most a handful of short words,
 * so each test is bounded by the window, not by the text).
 */
export interface ListingContext {
  /** A listing noun among the words after the name ("blocklist", "RBL", "block list"). */
  nouns: RegExp;
  /** A listing verb right after the name ("listed"). */
  verbsAfter: RegExp;
  /** A weak noun right after the name ("list", "listing"), a listing only with a phrase before. */
  weakNouns: RegExp;
  /** A listing verb phrase before the name, at most two words between ("listed on the"). */
  before: RegExp;
  /** A weak phrase right before the name ("on the", "due to"). */
  weakBefore: RegExp;
  /** An allow-list word in the window: the text speaks of the opposite of a listing. */
  allow: RegExp;
  /** A negation right before a listing word, or a delisting, in the words before ("is not listed on", "removed from"). */
  negation: RegExp;
  /** A failed lookup in the window ("RBL lookup error", "timed out"): the query, not a listing. */
  failure: RegExp;
  /** Attachment types, keywords or content in the window: a content filter's list. */
  content: RegExp;
  /** Words that describe a list rather than name it ("Local RBL", "Spam Blacklist"). */
  notNames: Set<string>;
}

function alternation(words: string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegex)
    .join('|');
}

/** The words a negation bears on when it denies a listing. */
const LISTING_WORDS =
  'listed|blacklisted|blocklisted|black listed|block listed|on|in|at|found|included|appears?|gelistet|list[ée]e?';

export function parseListingContext(v: unknown): ListingContext {
  const o = obj(v, 'listingContext');
  const words = (key: string) => alternation(lowerStrings(o[key], `listingContext.${key}`));
  return {
    nouns: new RegExp(`(?:^| )(?:${words('nouns')})(?= |$)`),
    verbsAfter: new RegExp(`^(?:${words('verbsAfter')})(?= |$)`),
    weakNouns: new RegExp(`^(?:${words('weakNouns')})(?= |$)`),
    before: new RegExp(`(?:^| )(?:${words('before')})(?: [^ ]+){0,2}$`),
    weakBefore: new RegExp(`(?:^| )(?:${words('weakBefore')})$`),
    allow: new RegExp(`(?:^| )(?:${words('allowWords')})(?= |$)`),
    // "Not accepted: IP listed in X" is a listing: the negation must bear on the listing itself.
    negation: new RegExp(
      `(?:^| )(?:(?:${words('negations')}) (?:(?:be|been|currently|yet) )?(?:${LISTING_WORDS})|${words('delistings')})(?= |$)`,
    ),
    failure: new RegExp(`(?:^| )(?:${words('failures')})(?= |$)`),
    content: new RegExp(`(?:^| )(?:${words('contentWords')})(?= |$)`),
    notNames: new Set(lowerStrings(o.notNames, 'listingContext.notNames')),
  };
}

export function parseBrands(
  v: unknown,
  productNames: readonly string[],
  providerNames: readonly string[],
): Brand[] {
  if (!Array.isArray(v)) fail('brands must be an array');
  return v.map((b, i): Brand => {
    const o = obj(b, `brands[${i}]`);
    const what = `brands[${i}]`;
    const words = lowerStrings(o.words, `${what}.words`);
    str(o.source, `${what}.source`);
    const refs = ['product', 'provider', 'zone'].filter((k) => o[k] !== undefined);
    if (refs.length !== 1) fail(`${what} must name exactly one of product, provider, zone`);
    let target: BrandTarget;
    if (o.product !== undefined) {
      const index = productNames.indexOf(str(o.product, `${what}.product`));
      if (index < 0) fail(`${what}.product names no product of the file`);
      target = { kind: 'product', index };
    } else if (o.provider !== undefined) {
      const index = providerNames.indexOf(str(o.provider, `${what}.provider`));
      if (index < 0) fail(`${what}.provider names no provider of the file`);
      target = { kind: 'provider', index };
    } else {
      const zone = str(o.zone, `${what}.zone`);
      if (zone !== zone.toLowerCase()) fail(`${what}.zone must be lower case`);
      target = { kind: 'zone', zone, name: str(o.name, `${what}.name`) };
    }
    return { words, target };
  });
}
