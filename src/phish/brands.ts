/**
 * The brand table (brands.json: names, the words that name them, the domains they own, with
 * sources) and lookups over it. Ownership is by registrable domain, so every host under a
 * listed domain belongs to the brand.
 */
import { remove as removeConfusables } from 'confusables';
import table from './brands.json' with { type: 'json' };

export interface Brand {
  name: string;
  keywords: string[];
  /** Registrable domains the brand owns. */
  domains: string[];
  commonWord: boolean;
}

/** Words a brand's own display names add to its name ("PayPal Service", "Apple Support Team"). */
const SERVICE_WORDS = new Set(
  'support team service services customer customers care account accounts security billing id help notification notifications alert alerts online center centre no reply noreply do not info mail update updates inc llc ltd co store official payment payments pay rewards reward member members delivery department dept subscription renewal protection antivirus order orders shipping notice offer offers affiliate club card mobile app wallet program prize prizes bonus sale deals the of from your'.split(
    ' ',
  ),
);

export const BRANDS: readonly Brand[] = table.brands.map((b) => ({
  name: b.name,
  keywords: b.keywords.map((k) => k.toLowerCase()),
  // Registrable domains already (brands.test.ts checks it): no suffix lookups at start-up.
  domains: b.domains,
  commonWord: 'commonWord' in b && b.commonWord === true,
}));

const OWNERS = new Map<string, Brand[]>();
for (const brand of BRANDS) {
  for (const domain of brand.domains) OWNERS.set(domain, [...(OWNERS.get(domain) ?? []), brand]);
}

/** Brands that own a registrable domain ([] for most domains). */
export function ownersOf(registrableDomain: string | null): Brand[] {
  return registrableDomain === null ? [] : (OWNERS.get(registrableDomain) ?? []);
}

export function ownsDomain(brand: Brand, registrableDomain: string | null): boolean {
  return registrableDomain !== null && brand.domains.includes(registrableDomain);
}

/**
 * Splits text into lower-case words of letters, digits, `&`, `'` and `+` (so "AT&T", "Lowe's" and
 * "Disney+" stay whole), after folding Unicode confusables to ASCII ("Ρаypal" -> "paypal").
 */
export function nameWords(text: string): string[] {
  // Marks and typographic apostrophes first, so "McAfee™" is not read as "mcafeetm" after NFKC.
  let plain = '';
  for (const ch of text)
    plain += ch === '\u2122' || ch === '\u00ae' || ch === '\u00a9' || ch === '\u2120' ? ' ' : ch;
  plain = plain.replaceAll('\u2019', "'").replaceAll('\u2018', "'");
  const folded = removeConfusables(plain.normalize('NFKC')).toLowerCase();
  const words: string[] = [];
  let word = '';
  for (const ch of folded) {
    const keep =
      (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch === '&' || ch === "'" || ch === '+';
    if (keep) word += ch;
    else if (word !== '') {
      words.push(word);
      word = '';
    }
  }
  if (word !== '') words.push(word);
  return words;
}

/** Every keyword's word sequence, indexed by its first word: a name is read once, not per brand. */
const BY_FIRST_WORD = new Map<string, Array<{ brand: Brand; seq: string[] }>>();
const OWN_WORDS = new Map<Brand, Set<string>>();
for (const brand of BRANDS) {
  const own = new Set<string>();
  for (const keyword of brand.keywords) {
    // CJK keywords are found as substrings (CJK_KEYWORDS); folded to Latin look-alikes they
    // would become words of their own (イオン folds to "t").
    if (isCjk(keyword)) continue;
    const seq = nameWords(keyword);
    if (seq.length === 0) continue;
    for (const w of seq) own.add(w);
    const list = BY_FIRST_WORD.get(seq[0]!) ?? [];
    list.push({ brand, seq });
    BY_FIRST_WORD.set(seq[0]!, list);
  }
  OWN_WORDS.set(brand, own);
}

/** Single-word keywords of brands that are not everyday words, for "paypalservice" and "mygovid". */
const WORD_KEYWORDS = new Map<string, Brand>();
/** Keywords in scripts without spaces (楽天, 三井住友カード), found as substrings. */
const CJK_KEYWORDS: Array<{ keyword: string; brand: Brand }> = [];
for (const brand of BRANDS) {
  for (const keyword of brand.keywords) {
    if (isCjk(keyword)) CJK_KEYWORDS.push({ keyword, brand });
    else if (
      !brand.commonWord &&
      keyword.length >= 5 &&
      !keyword.includes(' ') &&
      !WORD_KEYWORDS.has(keyword)
    )
      WORD_KEYWORDS.set(keyword, brand);
  }
}

function isCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x3040 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)) return true;
  }
  return false;
}

/** A brand keyword run together with a service word ("paypalservice", "mygovid"). */
function brandWithServiceWord(word: string): Brand | null {
  for (let cut = 5; cut <= word.length - 2; cut++) {
    const brand = WORD_KEYWORDS.get(word.slice(0, cut));
    if (brand && SERVICE_WORDS.has(word.slice(cut))) return brand;
  }
  return null;
}

/** Brands a display name (or subject) names as whole words, in table order. */
export function brandsNamedIn(text: string): Brand[] {
  const words = nameWords(text);
  const hits = new Set<Brand>();
  if (isCjk(text)) for (const { keyword, brand } of CJK_KEYWORDS) if (text.includes(keyword)) hits.add(brand);
  for (const word of words) {
    const brand = word.length >= 7 ? brandWithServiceWord(word) : null;
    if (brand) hits.add(brand);
  }
  for (let i = 0; i < words.length; i++) {
    for (const { brand, seq } of BY_FIRST_WORD.get(words[i]!) ?? []) {
      if (hits.has(brand) || !startsAt(words, i, seq)) continue;
      // "Apple Support" is the brand; "Apple Pie Recipes" or "Jane Chase" is not.
      const own = OWN_WORDS.get(brand)!;
      if (brand.commonWord && !words.every((w) => own.has(w) || SERVICE_WORDS.has(w))) continue;
      hits.add(brand);
    }
  }
  return hits.size === 0 ? [] : BRANDS.filter((b) => hits.has(b));
}

function startsAt(words: readonly string[], at: number, seq: readonly string[]): boolean {
  if (at + seq.length > words.length) return false;
  for (let j = 1; j < seq.length; j++) if (words[at + j] !== seq[j]) return false;
  return true;
}

/** Product names that are also everyday words in host names (an outlook, a forecast). */
const HOST_KEYWORD_STOPLIST = new Set(table.hostKeywordStoplist);

/**
 * Keywords usable inside host names: single words of at least 5 letters that are not everyday
 * words, so "ups" or "chase" inside a host do not count.
 */
export const HOST_KEYWORDS: ReadonlyArray<{ keyword: string; brand: Brand }> = BRANDS.filter(
  (b) => !b.commonWord,
).flatMap((brand) =>
  brand.keywords
    .map((k) => k.replaceAll(' ', ''))
    .filter((k) => k.length >= 5 && /^[a-z0-9]+$/.test(k) && !HOST_KEYWORD_STOPLIST.has(k))
    .map((keyword) => ({ keyword, brand })),
);

/**
 * True when a registrable domain is the brand's own name under another suffix (google.ro,
 * amazon.co.za: country domains the table does not list one by one) or sits under a brand
 * top-level domain (share.google).
 */
export function looksBrandOwned(brand: Brand, registrable: string, label: string, suffix: string): boolean {
  if (brand.keywords.includes(suffix)) return true;
  return (
    label.length >= 4 &&
    registrable.startsWith(`${label}.`) &&
    brand.domains.some((d) => d.startsWith(`${label}.`))
  );
}
