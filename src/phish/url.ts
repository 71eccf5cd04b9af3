/**
 * URL normalisation for the link rules: the WHATWG URL parser (what browsers run) decodes
 * percent-encoded and IDNA hosts and canonicalises numeric IPv4 forms (`http://0x7f.1/` is
 * 127.0.0.1); tldts gives the registrable domain with the Public Suffix List's private section on,
 * so tenants of `web.app` or `run.app` are separate owners.
 */
import { domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';
import lists from './domain-lists.json' with { type: 'json' };
import { collapseSpace } from './html-scan.js';
import { MAX_REDIRECT_DEPTH, MAX_URL_CHARS } from './limits.js';
import type { Link, LinkSource } from './types.js';

const REDIRECT_PARAMS = new Set(lists.redirectParams);

export interface DomainInfo {
  readonly host: string;
  readonly registrableDomain: string | null;
  readonly isIp: boolean;
  readonly publicSuffix: string | null;
  /** The suffix is in the Public Suffix List (not merely the last label of an unknown name). */
  readonly isKnownSuffix: boolean;
}

/**
 * Hosts already looked up: newsletters repeat one host in dozens of links and a folder repeats it
 * across messages. Cleared when full, so a message of a million distinct hosts stays bounded.
 */
const DOMAIN_CACHE = new Map<string, DomainInfo>();
const MAX_DOMAIN_CACHE = 8192;

/** Public-suffix facts for a host name (ASCII or Unicode). Never throws. */
export function domainInfo(host: string): DomainInfo {
  const cached = DOMAIN_CACHE.get(host);
  if (cached !== undefined) return cached;
  if (DOMAIN_CACHE.size >= MAX_DOMAIN_CACHE) DOMAIN_CACHE.clear();
  const info = lookUpDomain(host);
  DOMAIN_CACHE.set(host, info);
  return info;
}

function lookUpDomain(host: string): DomainInfo {
  const lower = host.toLowerCase().replace(/\.$/, '');
  const parsed = parseDomain(lower, { allowPrivateDomains: true });
  return {
    host: lower,
    registrableDomain: parsed.domain,
    isIp: parsed.isIp === true || lower.startsWith('['),
    publicSuffix: parsed.publicSuffix,
    isKnownSuffix: parsed.isIcann === true || parsed.isPrivate === true,
  };
}

/** Removes what browsers strip from hrefs (tabs, newlines, surrounding space) and caps the length. */
function cleanHref(raw: string): string {
  let out = '';
  const max = Math.min(raw.length, MAX_URL_CHARS);
  for (let i = 0; i < max; i++) {
    const code = raw.charCodeAt(i);
    if (code === 9 || code === 10 || code === 13) continue;
    out += raw[i];
  }
  return out.trim();
}

function parseUrl(href: string): URL | null {
  const text = href.toLowerCase().startsWith('www.') ? `http://${href}` : href;
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Builds a Link from an href as found in mail; relative and unparseable hrefs give null
 * (they cannot leave the message's own context).
 */
export function normaliseLink(raw: string, text: string, source: LinkSource): Link | null {
  const href = cleanHref(raw);
  const url = parseUrl(href);
  if (url === null) return null;
  const scheme = url.protocol.slice(0, -1);
  const visible = collapseSpace(text);
  if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') {
    return {
      href,
      text: visible,
      source,
      scheme,
      host: null,
      registrableDomain: null,
      isIp: false,
      userinfo: null,
    };
  }
  const info = domainInfo(url.hostname);
  // Only xn-- labels change: skip the ICU IDNA call (and its data load) for plain ASCII hosts.
  const unicodeHost =
    info.isIp || !info.host.includes('xn--') ? info.host : domainToUnicode(info.host) || info.host;
  const userinfo = url.username === '' ? null : decodeSafe(url.username);
  return {
    href: url.href,
    text: visible,
    source,
    scheme,
    host: unicodeHost,
    registrableDomain: info.registrableDomain,
    isIp: info.isIp,
    userinfo,
  };
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Targets carried in a redirector's query (`google.com/url?q=https://evil.example/`), followed up
 * to MAX_REDIRECT_DEPTH hops; only absolute http(s) targets count.
 */
export function redirectTargets(href: string): string[] {
  const out: string[] = [];
  let current = href;
  for (let depth = 0; depth < MAX_REDIRECT_DEPTH; depth++) {
    const url = parseUrl(current);
    if (url === null) break;
    let next: string | null = null;
    for (const [key, value] of url.searchParams) {
      if (!REDIRECT_PARAMS.has(key.toLowerCase())) continue;
      const lower = value.slice(0, 8).toLowerCase();
      if (lower.startsWith('http://') || lower.startsWith('https://')) {
        next = value;
        break;
      }
    }
    if (next === null) break;
    out.push(next);
    current = next;
  }
  return out;
}

/**
 * A host or URL written as the visible text of a link, or null when the text is prose.
 * `update.microsoft.com`, `https://paypal.com/login` and `www.bank.example` qualify.
 */
export function hostInText(text: string): string | null {
  const t = text.trim();
  if (t.length < 4 || t.length > MAX_URL_CHARS || t.includes(' ')) return null;
  let candidate = t;
  const lower = t.toLowerCase();
  if (!lower.startsWith('http://') && !lower.startsWith('https://')) candidate = `http://${t}`;
  const url = parseUrl(candidate);
  if (url === null || !url.hostname.includes('.')) return null;
  const info = domainInfo(url.hostname);
  if (info.registrableDomain === null && !info.isIp) return null;
  // A bare word with a dot ("Mr.Smith") is not a host: require a known public suffix.
  if (!info.isIp && !info.isKnownSuffix) return null;
  return info.host;
}
