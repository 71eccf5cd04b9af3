/**
 * Brands' own domains the table cannot list. Federated brands whose members each write from a domain of their own under one pattern: the
 * German savings banks (Sparkassen-Finanzgruppe, about 350 independent banks) use
 * sparkasse-<region>.de (sparkasse-koelnbonn.de, sparkasse-hannover.de). The table cannot list
 * them one by one. A member's domain counts as the brand's only when the receiving server
 * authenticated it (aligned DMARC or DKIM) and the display name carries the member's qualifier
 * too ("Sparkasse KölnBonn" and sparkasse-koelnbonn.de): a stranger's "Sparkasse" from
 * sparkasse-sicherheit.de names no member.
 */
import { type Brand, looksBrandOwned, ownsDomain } from './brands.js';
import table from './brands.json' with { type: 'json' };
import { abusedTld } from './host-lists.js';
import type { Identity } from './identity-rules.js';
import type { Link } from './types.js';
import { domainInfo } from './url.js';

interface MemberPattern {
  prefix: string;
  suffix: string;
}

const PATTERNS = new Map<string, MemberPattern[]>();
/** Words that name a service, not a member (brands.json memberQualifierStoplist). */
const SERVICE_QUALIFIERS: ReadonlySet<string> = new Set(table.memberQualifierStoplist);
/** The service words long enough to count inside a compound part ("sicherheitsteam"). */
const LONG_SERVICE_WORDS: readonly string[] = table.memberQualifierStoplist.filter((w) => w.length >= 4);
for (const entry of table.brands) {
  const members = 'memberDomains' in entry ? (entry.memberDomains as string[]) : [];
  for (const pattern of members) {
    const star = pattern.indexOf('*');
    if (star <= 0) continue;
    const list = PATTERNS.get(entry.name) ?? [];
    list.push({ prefix: pattern.slice(0, star), suffix: pattern.slice(star + 1) });
    PATTERNS.set(entry.name, list);
  }
}

/** A member's place name is at least this long (sparkasse-hrv.de is none; a 2-letter part neither). */
const MIN_QUALIFIER_CHARS = 4;

/**
 * A qualifier made of a service word: a hyphen-separated part that is one, or any part holding a
 * service word of four letters or more (sparkasse-sicherheitsteam.de, -kontoservice, -banking24).
 */
function isServiceQualifier(qualifier: string): boolean {
  return qualifier
    .split('-')
    .some((part) => SERVICE_QUALIFIERS.has(part) || LONG_SERVICE_WORDS.some((w) => part.includes(w)));
}

/** The member qualifier of a domain under one of the brand's patterns ("koelnbonn"), or null. */
export function memberQualifier(brand: Brand, registrable: string): string | null {
  for (const { prefix, suffix } of PATTERNS.get(brand.name) ?? []) {
    if (!registrable.startsWith(prefix) || !registrable.endsWith(suffix)) continue;
    const qualifier = registrable.slice(prefix.length, registrable.length - suffix.length);
    if (qualifier.length < 2 || qualifier.includes('.')) continue;
    // A member is named after its place; a service word is what a stranger registers
    // (sparkasse-sicherheit.de as "Sparkasse Sicherheit").
    if (isServiceQualifier(qualifier)) continue;
    return qualifier;
  }
  return null;
}

/** Lower case, umlauts folded the German way, other diacritics dropped, letters and digits only. */
export function foldName(name: string): string {
  const german = name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss');
  let out = '';
  for (const ch of german.normalize('NFD')) {
    if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out += ch;
  }
  return out;
}

/**
 * True when an authenticated sender's domain is a member's of a brand its display name names,
 * and the display name spells the member's qualifier ("Sparkasse KölnBonn", sparkasse-koelnbonn.de).
 */
export function sendsAsMember(
  name: string,
  domain: string | null,
  identity: Identity,
  brands: readonly Brand[],
): boolean {
  if (domain === null || identity.auth.domain !== domain || identity.auth.how === 'spf') return false;
  const folded = foldName(name);
  return brands.some((brand) => {
    const qualifier = memberQualifier(brand, domain)?.replaceAll('-', '') ?? '';
    if (qualifier.length < MIN_QUALIFIER_CHARS) return false;
    // The member's name beside the brand's: the brand's own word is no member ("Sparkasse" from
    // sparkasse-spar.de), review.
    let rest = folded;
    for (const keyword of brand.keywords) rest = rest.replaceAll(foldName(keyword), ' ');
    return rest.includes(qualifier);
  });
}

/**
 * A brand's own country domain the table does not list (paypal.at, ikea.de: the brand's name
 * under a country-code suffix), authenticated by the receiving server (DMARC or DKIM), whose
 * links lead to the brand's listed sites too: the brand writing from its national site. Generic and much-abused top-level domains do not count.
 */
export function sendsFromCountryDomain(
  domain: string | null,
  identity: Identity,
  brands: readonly Brand[],
  links: readonly Link[],
): boolean {
  if (
    domain === null ||
    identity.auth.domain !== domain ||
    identity.auth.how === 'spf' ||
    brands.length === 0
  )
    return false;
  const suffix = domainInfo(domain).publicSuffix ?? '';
  const tld = suffix.slice(suffix.lastIndexOf('.') + 1);
  if (tld.length !== 2 || abusedTld(domain) !== null) return false;
  const label = domain.slice(0, Math.max(0, domain.length - suffix.length - 1));
  if (!brands.every((brand) => looksBrandOwned(brand, domain, label, suffix))) return false;
  // The brand's national site links to the brand's own listed sites too (paypal.at to
  // www.paypal.com), and nowhere else but its own sites and trackers (linksConsistent): a
  // stranger who registered the name under a country code sends the reader to the new domain, or
  // adds the brand's privacy page beside its own login link (review).
  return (
    identity.linksConsistent &&
    links.some((l) => brands.some((brand) => ownsDomain(brand, l.registrableDomain)))
  );
}
