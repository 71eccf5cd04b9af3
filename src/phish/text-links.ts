/**
 * URLs in plain text: `http://`, `https://` and `www.` runs, found with indexOf and a linear
 * scan (no regex, so no backtracking on hostile text). Trailing punctuation that usually ends a
 * sentence is dropped, as mail readers do when they make text clickable.
 */
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
  truncated: boolean;
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
  let from = 0;
  while (urls.length < MAX_LINKS) {
    const start = nextStart(lower, from);
    if (start === null) break;
    // `www.` inside a longer word (`awww.`) or already part of a scheme URL is not a new start.
    const before = start.at > 0 ? lower.charCodeAt(start.at - 1) : 32;
    let end = start.at;
    while (end < body.length && end - start.at < MAX_URL_CHARS && isUrlChar(body.charCodeAt(end))) end++;
    from = end > start.at ? end : start.at + 1;
    if (start.prefix === 'www.' && isUrlChar(before) && before !== 0x28) continue;
    let url = body.slice(start.at, end);
    while (url.length > 0 && TRAILING.has(url[url.length - 1]!)) url = url.slice(0, -1);
    if (url.length > start.prefix.length + 2) urls.push(url);
  }
  return { urls, truncated: truncated || urls.length >= MAX_LINKS };
}
