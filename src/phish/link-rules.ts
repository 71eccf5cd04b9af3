/**
 * Rules over the links of a message: where each link really goes (registrable domain, Public
 * Suffix List) against what it shows (anchor text, brand names, look-alike letters).
 */
import { type Brand, HOST_KEYWORDS, ownersOf } from './brands.js';
import type { Findings } from './catalog.js';
import { abusedTld, REWRITERS, SHORTENERS, USER_CONTENT_HOSTING } from './host-lists.js';
import { matchBrandLabel } from './lookalike.js';
import type { Link } from './types.js';
import { domainInfo, hostInText } from './url.js';

const SCRIPT_SCHEMES = new Set(['javascript', 'data', 'vbscript', 'file']);

/** The brand to name when several share a domain (the table lists the main brand first). */
function brandNames(brands: readonly Brand[]): string {
  return brands[0]?.name ?? 'the brand';
}

/** Registrable domains a link's host falls under that a brand owns, found in its subdomain labels. */
function brandDomainInSubdomain(host: string, registrable: string): { domain: string; brands: Brand[] } | null {
  const sub = host.slice(0, Math.max(0, host.length - registrable.length - 1));
  if (sub === '') return null;
  const labels = sub.split('.');
  for (let i = 0; i < labels.length; i++) {
    for (let len = 2; len <= 3 && i + len <= labels.length; len++) {
      const candidate = labels.slice(i, i + len).join('.');
      const brands = ownersOf(candidate);
      if (brands.length > 0) return { domain: candidate, brands };
    }
  }
  return null;
}

function registrableLabel(registrable: string): string {
  const suffix = domainInfo(registrable).publicSuffix ?? '';
  return registrable.slice(0, Math.max(0, registrable.length - suffix.length - 1));
}

function brandKeywordInHost(host: string): { keyword: string; brand: Brand } | null {
  // Only letters can hold a keyword: skip the scan for hosts shorter than the shortest keyword.
  if (host.length < 5) return null;
  for (const entry of HOST_KEYWORDS) if (host.includes(entry.keyword)) return entry;
  return null;
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

function checkHostKind(link: Link, host: string, out: Findings): void {
  if (link.userinfo !== null && link.userinfo.includes('.')) {
    out.add(
      'userinfo-host-trick',
      `a link appears to go to ${link.userinfo} but really goes to ${host} (the part before @ is ignored)`,
      link.href,
    );
  }
  if (link.isIp) out.add('ip-address-link', `a link goes to the bare IP address ${host}`, link.href);
  const shortener = SHORTENERS.match(host);
  if (shortener) out.add('url-shortener', `a link goes through the URL shortener ${shortener}`, link.href);
  const hosting = USER_CONTENT_HOSTING.match(host);
  if (hosting)
    out.add('user-content-hosting', `a link goes to ${host}, a page anyone can publish on ${hosting}`, link.href);
  const tld = abusedTld(host);
  if (tld) out.add('abused-tld-link', `a link goes to ${host}, under .${tld}, a top-level domain much used for abuse`, link.href);
  if (link.href.includes('xn--')) {
    const match = link.registrableDomain ? matchBrandLabel(registrableLabel(link.registrableDomain)) : null;
    if (!match) out.add('punycode-domain', `a link goes to the internationalised domain ${host}`, link.href);
  }
}

function checkBrandHost(link: Link, host: string, out: Findings): void {
  const registrable = link.registrableDomain;
  if (registrable === null || ownersOf(registrable).length > 0 || REWRITERS.match(host)) return;
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
    out.add(rule, `the domain ${registrable} ${how} ${match.brand.name}'s ${match.brandLabel}, but is not theirs`, link.href);
    return;
  }
  const keyword = brandKeywordInHost(host);
  if (keyword)
    out.add(
      'brand-name-in-host',
      `a link goes to ${host}, which uses the name ${keyword.brand.name} on ${registrable}, a domain ${keyword.brand.name} does not own`,
      link.href,
    );
}

function checkTextMismatch(link: Link, host: string, ownDomain: string | null, out: Findings): void {
  if (link.text === '' || link.registrableDomain === null) return;
  const shown = hostInText(link.text);
  if (shown === null) return;
  const shownDomain = domainInfo(shown).registrableDomain ?? shown;
  if (shownDomain === link.registrableDomain || REWRITERS.match(host)) return;
  const shownOwners = ownersOf(shownDomain);
  const realOwners = ownersOf(link.registrableDomain);
  if (shownOwners.some((b) => realOwners.includes(b))) return;
  // A sender linking to its own site under a partner's name (a shop page titled "Walmart.com") is
  // marketing; the brand rule is for links that leave for a third party's domain.
  if (shownOwners.length > 0 && link.registrableDomain !== ownDomain) {
    const name = brandNames(shownOwners);
    out.add(
      'link-text-brand-mismatch',
      `the link text shows ${shown}, but the link goes to ${host}, on ${link.registrableDomain}, a domain that has nothing to do with ${name}`,
      `${link.text} -> ${link.href}`,
    );
    return;
  }
  if (link.registrableDomain === ownDomain) return;
  out.add(
    'link-text-mismatch',
    `the link text shows ${shown}, but the link goes to ${host}, on another domain (${link.registrableDomain})`,
    `${link.text} -> ${link.href}`,
  );
}

/**
 * Runs every link rule over the links of one message. `ownDomain` is the sender's registrable
 * domain when nothing says it is forged (null otherwise).
 */
export function checkLinks(links: readonly Link[], ownDomain: string | null, out: Findings): void {
  for (const link of links) {
    if (checkScheme(link, out) || link.host === null) continue;
    checkHostKind(link, link.host, out);
    checkBrandHost(link, link.host, out);
    checkTextMismatch(link, link.host, ownDomain, out);
  }
}
