/**
 * Rules over the links of a message: where each link really goes (registrable domain, Public
 * Suffix List) against what it shows (anchor text, brand names, look-alike letters).
 */
import { domainToUnicode } from 'node:url';
import { type Brand, HOST_KEYWORDS, looksBrandOwned, ownersOf } from './brands.js';
import type { Findings } from './catalog.js';
import { abusedTld, COMMON_LINK_HOSTS, REWRITERS, SHORTENERS, USER_CONTENT_HOSTING } from './host-lists.js';
import { matchBrandLabel, skeleton } from './lookalike.js';
import type { Link } from './types.js';
import { domainInfo, hostInText, normaliseLink, redirectTargets } from './url.js';

const SCRIPT_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file']);

/** The brand to name when several share a domain (the table lists the main brand first). */
function brandNames(brands: readonly Brand[]): string {
  return brands[0]?.name ?? 'the brand';
}

/** Registrable domains a link's host falls under that a brand owns, found in its subdomain labels. */
function brandDomainInSubdomain(
  host: string,
  registrable: string,
): { domain: string; brands: Brand[] } | null {
  const sub = host.slice(0, Math.max(0, host.length - registrable.length - 1));
  if (sub === '') return null;
  const labels = sub.split('.');
  for (let i = 0; i < labels.length; i++) {
    for (let len = 2; len <= 3 && i + len <= labels.length; len++) {
      const candidate = labels.slice(i, i + len).join('.');
      // Look-alike letters count too: pаypal.com (Cyrillic а) in front of a foreign domain.
      const brands = ownersOf(candidate).length > 0 ? ownersOf(candidate) : ownersOf(skeleton(candidate));
      if (brands.length > 0) return { domain: candidate, brands };
    }
  }
  return null;
}

/** The label a registrant chose (`paypal` of paypal.com), in Unicode so confusables can be folded. */
function registrableLabel(registrable: string): string {
  const suffix = domainInfo(registrable).publicSuffix ?? '';
  const label = registrable.slice(0, Math.max(0, registrable.length - suffix.length - 1));
  return label.startsWith('xn--') ? domainToUnicode(label) || label : label;
}

function brandKeywordInHost(host: string): { keyword: string; brand: Brand } | null {
  // Skip the scan for hosts shorter than the shortest keyword.
  if (host.length < 5) return null;
  return HOST_KEYWORDS.find((entry) => startsAWord(host, entry.keyword)) ?? null;
}

/**
 * The keyword begins a label or follows a hyphen or digit (`correios-taxas`, `paypal2`), so
 * words that merely end in a brand (`shagmail` and gmail) do not count.
 */
function startsAWord(host: string, keyword: string): boolean {
  let at = host.indexOf(keyword);
  while (at >= 0) {
    const before = at === 0 ? '.' : host[at - 1]!;
    if (before === '.' || before === '-' || (before >= '0' && before <= '9')) return true;
    at = host.indexOf(keyword, at + 1);
  }
  return false;
}

/** RFC 1918, loopback, link-local and IPv6 unique-local/loopback addresses. */
export function isPrivateAddress(host: string): boolean {
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1).toLowerCase();
    return v6 === '::1' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
  }
  const parts = host.split('.').map(Number);
  const [a, b] = [parts[0] ?? -1, parts[1] ?? -1];
  return (
    a === 10 ||
    a === 127 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

function checkScheme(link: Link, out: Findings): boolean {
  if (!SCRIPT_SCHEMES.has(link.scheme)) return link.host === null;
  out.add(
    'script-or-data-link',
    `a link runs a ${link.scheme}: URL instead of opening a web page`,
    link.href.slice(0, 120),
  );
  return true;
}

function checkHostKind(
  link: Link,
  host: string,
  ownDomain: string | null,
  plainText: boolean,
  out: Findings,
  ownSites: ReadonlySet<string>,
): void {
  if (link.userinfo?.includes('.')) {
    out.add(
      'userinfo-host-trick',
      `a link appears to go to ${link.userinfo} but really goes to ${host} (the part before @ is ignored)`,
      link.href,
    );
  }
  // A private or loopback address (a router page, a lab machine in a technical thread) cannot
  // host a page for strangers: only public addresses count.
  if (link.isIp && !isPrivateAddress(host))
    out.add('ip-address-link', `a link goes to the bare IP address ${host}`, link.href);
  // A brand's own shortener in its authenticated mail (t.co from x.com, amzn.to from amazon.com)
  // hides nothing the sender does not own.
  const shortener = ownSites.has(link.registrableDomain ?? '') ? null : SHORTENERS.match(host);
  const hosting = USER_CONTENT_HOSTING.match(host);
  if ((shortener || hosting) && plainText && link.source === 'text') {
    // A plain-text message shows its addresses whole (bug trackers and CI bots link to
    // artifacts this way): the sign weighs less than a hidden anchor in HTML.
    out.add(
      'plain-text-hosted-link',
      `a plain-text link goes to ${shortener ? `the URL shortener ${shortener}` : `${host}, a page anyone can publish on ${hosting}`}`,
      link.href,
    );
    return;
  }
  if (shortener) out.add('url-shortener', `a link goes through the URL shortener ${shortener}`, link.href);
  if (hosting)
    out.add(
      'user-content-hosting',
      `a link goes to ${host}, a page anyone can publish on ${hosting}`,
      link.href,
    );
  const tld = abusedTld(host);
  if (tld)
    out.add(
      'abused-tld-link',
      `a link goes to ${host}, under .${tld}, a top-level domain much used for abuse`,
      link.href,
    );
  // The sender's own internationalised domain (a German shop under its umlaut name) is its own,
  // and so is its native spelling of the sender's ASCII domain (ökoligenta.de for oekoligenta.de).
  if (
    link.href.includes('xn--') &&
    link.registrableDomain !== ownDomain &&
    (ownDomain === null ||
      link.registrableDomain === null ||
      !spellsDomain(unicodeRegistrable(link, host), ownDomain))
  ) {
    const match = link.registrableDomain ? matchBrandLabel(registrableLabel(link.registrableDomain)) : null;
    if (!match) out.add('punycode-domain', `a link goes to the internationalised domain ${host}`, link.href);
  }
}

/** The registrable domain as the host spells it (Unicode), label for label. */
function unicodeRegistrable(link: Link, host: string): string {
  const count = (link.registrableDomain ?? '').split('.').length;
  return host.split('.').slice(-count).join('.');
}

/** Umlauts and ß as German writes them in ASCII; other letters lose their diacritics. */
const FOLD: Readonly<Record<string, string>> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' };

/**
 * True when a Unicode domain is an ASCII domain in its native spelling: ökoligenta.de and
 * oekoligenta.de, café.example and cafe.example (umlauts folded the German way or dropped).
 */
export function spellsDomain(unicodeDomain: string, asciiDomain: string): boolean {
  const lower = unicodeDomain.toLowerCase();
  let german = '';
  for (const ch of lower) german += FOLD[ch] ?? ch;
  const strip = (text: string) => {
    let out = '';
    for (const ch of text.normalize('NFD')) {
      const code = ch.codePointAt(0)!;
      if (code < 0x300 || code > 0x36f) out += ch; // combining diacritical marks dropped
    }
    return out;
  };
  return strip(german) === asciiDomain || strip(lower) === asciiDomain;
}

function checkBrandHost(link: Link, host: string, excused: string | null, out: Findings): void {
  const registrable = link.registrableDomain;
  if (registrable === null || registrable === excused) return;
  if (ownersOf(registrable).length > 0 || REWRITERS.match(host)) return;
  const inSub = brandDomainInSubdomain(host, registrable);
  if (inSub) {
    const name = brandNames(inSub.brands);
    out.add(
      'brand-domain-in-host',
      `a link's address begins with ${inSub.domain} (${name}), but the site it goes to is ${registrable}, which has nothing to do with ${name}`,
      link.href,
    );
    return;
  }
  if (USER_CONTENT_HOSTING.match(host) || SHORTENERS.match(host)) return;
  const match = matchBrandLabel(registrableLabel(registrable));
  if (match) {
    const rule = match.how === 'confusable' ? 'brand-lookalike-domain' : 'brand-typosquat-domain';
    const how = match.how === 'confusable' ? 'looks like' : 'is a near-misspelling of';
    out.add(
      rule,
      `the domain ${registrable} ${how} ${match.brand.name}'s ${match.brandLabel}, but is not theirs`,
      link.href,
    );
    return;
  }
  const keyword = brandKeywordInHost(host);
  const suffix = domainInfo(registrable).publicSuffix ?? '';
  if (keyword && !looksBrandOwned(keyword.brand, registrable, registrableLabel(registrable), suffix))
    out.add(
      'brand-name-in-host',
      `a link goes to ${host}, which uses the name ${keyword.brand.name} on ${registrable}, a domain ${keyword.brand.name} does not own`,
      link.href,
    );
}

/** The link's redirector chain ends on the given registrable domain. */
function redirectsTo(href: string, domain: string): boolean {
  const targets = redirectTargets(href);
  const last = targets[targets.length - 1];
  return last !== undefined && normaliseLink(last, '', 'redirect-target')?.registrableDomain === domain;
}

function checkTextMismatch(link: Link, host: string, ownDomain: string | null, out: Findings): void {
  if (link.text === '' || link.registrableDomain === null) return;
  const shown = hostInText(link.text);
  if (shown === null) return;
  const shownDomain = domainInfo(shown).registrableDomain ?? shown;
  if (shownDomain === link.registrableDomain || REWRITERS.match(host)) return;
  // Through a well-known site's redirector, or the sender's own, to the very address it shows (a
  // calendar invitation's Zoom link wrapped in google.com/url?q=): it goes where it says;
  // redirector-link reports the hop. Anyone's host can take a ?url= that it never follows
  // (acme-login.example/go?url=https://www.paypal.com/ shown as paypal.com), so others are not.
  const knownHop = COMMON_LINK_HOSTS.match(host) !== null || link.registrableDomain === ownDomain;
  if (knownHop && redirectsTo(link.href, shownDomain)) return;
  const shownOwners = ownersOf(shownDomain);
  const realOwners = ownersOf(link.registrableDomain);
  if (shownOwners.some((b) => realOwners.includes(b))) return;
  if (shownOwners.length > 0) {
    const name = brandNames(shownOwners);
    out.add(
      'link-text-brand-mismatch',
      `the link text shows ${shown}, but the link goes to ${host}, on ${link.registrableDomain}, a domain that has nothing to do with ${name}`,
      `${link.text} -> ${link.href}`,
    );
    return;
  }
  // A sender linking to its own site under another of its names (shop.example showing
  // "partner.example") is marketing; showing a brand's domain (above) never is. So is a sender
  // showing its own site through its mailing service's click tracker (stiftung.example shown,
  // tracker.example followed): the reader is not told the site is someone else's.
  if (link.registrableDomain === ownDomain || shownDomain === ownDomain) return;
  if (ownDomain !== null && spellsDomain(shownDomain, ownDomain)) return;
  out.add(
    'link-text-mismatch',
    `the link text shows ${shown}, but the link goes to ${host}, on another domain (${link.registrableDomain})`,
    `${link.text} -> ${link.href}`,
  );
}

/**
 * Runs every link rule over the links of one message. `ownDomain` is the sender's registrable
 * domain when nothing says it is forged (null otherwise); `excusedDomain` is an authenticated
 * bulk sender's own domain (identity-rules.ts), whose brand-like name is its own; `plainText`
 * says the message has no HTML body; `ownSites` are an authenticated sender's own domains
 * (account-notice.ts), whose shorteners are its own.
 */
export function checkLinks(
  links: readonly Link[],
  ownDomain: string | null,
  out: Findings,
  excusedDomain: string | null = null,
  plainText = false,
  ownSites: ReadonlySet<string> = new Set(),
): void {
  // Host rules run once per host: newsletters repeat one host in dozens of links.
  const hostsSeen = new Set<string>();
  for (const link of links) {
    if (checkScheme(link, out) || link.host === null) continue;
    if (!hostsSeen.has(link.host) || link.userinfo !== null) {
      hostsSeen.add(link.host);
      checkHostKind(link, link.host, ownDomain, plainText, out, ownSites);
      checkBrandHost(link, link.host, excusedDomain, out);
    }
    checkTextMismatch(link, link.host, ownDomain, out);
  }
}
