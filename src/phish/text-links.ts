/**
 * URLs in plain text: `http://`, `https://` and `www.` runs, found with indexOf and a linear
 * scan (no regex, so no backtracking on hostile text). Trailing punctuation that usually ends a
 * sentence is dropped, as mail readers do when they make text clickable.
 *
 * Links typed without a scheme (`transfer705.pages.dev/invoice`, the SMS-style lure) are found
 * too, under strict conditions that keep prose out: see findBareUrls.
 */
import { parse as parseDomain } from 'tldts';
import { MAX_LINKS, MAX_TEXT_CHARS, MAX_URL_CHARS } from './limits.js';

const STARTS = ['http://', 'https://', 'www.'] as const;

function isUrlChar(code: number): boolean {
  // Stops at white space, controls, and the delimiters RFC 3986 Appendix C names for URLs in text.
  if (code <= 32 || code === 127) return false;
  return code !== 0x22 && code !== 0x3c && code !== 0x3e && code !== 0x60 && code !== 0x7b && code !== 0x7d;
}

const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', "'", '*']);

function nextStart(lower: string, from: number): { at: number; prefix: string } | null {
  let best: { at: number; prefix: string } | null = null;
  for (const prefix of STARTS) {
    const at = lower.indexOf(prefix, from);
    if (at >= 0 && (best === null || at < best.at)) best = { at, prefix };
  }
  return best;
}

export interface TextUrlScan {
  urls: string[];
  /** Links typed without a scheme (`host.tld/path`), as written (no scheme added). */
  bare: string[];
  truncated: boolean;
}

/** Scheme-less links kept per message: a text of a thousand `a.xyz/b` is not a thousand links. */
export const MAX_BARE_URLS = 20;
/** A host name is at most 253 characters (RFC 1035): a longer run of host characters is no host. */
const MAX_HOST_CHARS = 253;

function isHostChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

/**
 * Characters after which a scheme-less link may start: white space and the punctuation that
 * opens or lists (`(`, `"`, `:`, ...). Not a letter, digit, `@`, `.`, `/`, `-`, `_`, `=` or `%`:
 * the host would then be the tail of a word, an e-mail address, a path or a query.
 */
function isBareBoundary(code: number): boolean {
  if (code <= 32) return true;
  return (
    code === 0x28 || // (
    code === 0x5b || // [
    code === 0x3c || // <
    code === 0x3e || // >
    code === 0x22 || // "
    code === 0x27 || // '
    code === 0x60 || // `
    code === 0x2a || // *
    code === 0x3a || // :
    code === 0x2c || // ,
    code === 0x3b || // ;
    code === 0x7c || // |
    code === 0xa0 // no-break space
  );
}

/** `a.b.xyz`: two or more non-empty labels of at most 63 characters, none starting or ending with `-`. */
function hasValidLabels(host: string): boolean {
  let labels = 0;
  let start = 0;
  for (let i = 0; i <= host.length; i++) {
    if (i < host.length && host.charCodeAt(i) !== 0x2e) continue;
    const len = i - start;
    if (len === 0 || len > 63 || host[start] === '-' || host[i - 1] === '-') return false;
    labels++;
    start = i + 1;
  }
  return labels >= 2;
}

/**
 * The host ends in a public suffix of the ICANN section (not `file.txt`, not `v1.2`). IPv4
 * addresses are left out: `203.0.113.0/24` is a network in an administrator's mail, not a link.
 */
function isLinkHost(host: string): boolean {
  if (!hasValidLabels(host)) return false;
  const info = parseDomain(host, { allowPrivateDomains: false });
  return info.isIp !== true && info.isIcann === true && info.domain !== null;
}

/** End of the URL that starts at `at`: URL characters, at most MAX_URL_CHARS. */
function urlEnd(body: string, at: number): number {
  let end = at;
  while (end < body.length && end - at < MAX_URL_CHARS && isUrlChar(body.charCodeAt(end))) end++;
  return end;
}

function trimTrailing(url: string): string {
  let out = url;
  while (out.length > 0 && TRAILING.has(out[out.length - 1]!)) out = out.slice(0, -1);
  return out;
}

/**
 * Links written without a scheme or `www.`: a host of two or more labels whose last is an ICANN
 * public suffix, directly followed by `/` and a path, at the start of a word
 * (not after a letter, digit, `@`, `.` or `/`), outside the ranges already taken by scheme and
 * `www.` URLs. A bare `example.com` (no path) is not a link: prose and signatures name domains.
 * One pass over the text: each character is read a bounded number of times.
 */
function findBareUrls(
  body: string,
  lower: string,
  taken: ReadonlyArray<readonly [number, number]>,
): string[] {
  const out: string[] = [];
  let t = 0;
  let i = 0;
  while (i < lower.length && out.length < MAX_BARE_URLS) {
    while (t < taken.length && taken[t]![1] <= i) t++;
    if (t < taken.length && taken[t]![0] <= i) {
      i = taken[t]![1];
      continue;
    }
    const code = lower.charCodeAt(i);
    if (!isHostChar(code) || code === 0x2e || code === 0x2d) {
      i++;
      continue;
    }
    // A run of host characters: a candidate only at the start of a word.
    let end = i;
    while (end < lower.length && isHostChar(lower.charCodeAt(end))) end++;
    const atWord = i === 0 || isBareBoundary(lower.charCodeAt(i - 1));
    const next = t < taken.length ? taken[t]![0] : lower.length;
    if (
      !atWord ||
      end - i > MAX_HOST_CHARS ||
      end + 1 >= next ||
      lower.charCodeAt(end) !== 0x2f ||
      !isUrlChar(lower.charCodeAt(end + 1)) ||
      !isLinkHost(lower.slice(i, end))
    ) {
      i = end;
      continue;
    }
    const stop = Math.min(urlEnd(body, i), next);
    const url = trimTrailing(body.slice(i, stop));
    if (url.length > end - i + 1) out.push(url);
    i = stop;
  }
  return out;
}

/**
 * @example
 * findTextUrls('see https://example.org/a. Thanks').urls // ['https://example.org/a']
 */
export function findTextUrls(text: string): TextUrlScan {
  const truncated = text.length > MAX_TEXT_CHARS;
  const body = truncated ? text.slice(0, MAX_TEXT_CHARS) : text;
  const lower = body.toLowerCase();
  const urls: string[] = [];
  const taken: Array<[number, number]> = [];
  let from = 0;
  while (urls.length < MAX_LINKS) {
    const start = nextStart(lower, from);
    if (start === null) break;
    // `www.` inside a longer word (`awww.`) or already part of a scheme URL is not a new start.
    const before = start.at > 0 ? lower.charCodeAt(start.at - 1) : 32;
    const end = urlEnd(body, start.at);
    from = end > start.at ? end : start.at + 1;
    if (start.prefix === 'www.' && isUrlChar(before) && before !== 0x28) continue;
    const url = trimTrailing(body.slice(start.at, end));
    if (url.length > start.prefix.length + 2) {
      urls.push(url);
      taken.push([start.at, end]);
    }
  }
  const bare = findBareUrls(body, lower, taken);
  return { urls, bare, truncated: truncated || urls.length >= MAX_LINKS };
}
