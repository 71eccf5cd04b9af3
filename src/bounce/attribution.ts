/**
 * Blocklist attribution: which list refused the mail, which of our IPs it named, and how to get
 * off it. Recognition is data (blocklist-patterns.json, each entry with its documentation); a
 * DNSBL zone named in the usual MTA wording ("blocked using ZONE", "listed in ZONE") is recognised
 * even when the list is not in the data. Delisting facts for DNSBL zones come from the check
 * catalog when it knows the zone (see setCatalogLookup).
 */
import { loadBuiltinCatalog } from '../check/catalog.js';
import patterns from './blocklist-patterns.json' with { type: 'json' };
import { type CatalogLookup, lookupFromCatalog } from './catalog-link.js';
import type { BlocklistAttribution } from './types.js';

export type { BlocklistAttribution } from './types.js';

interface ListPattern {
  name: string;
  zone: string | null;
  contains: string[];
  delist: string | null;
  policy: string | null;
  requiresBlockContext?: boolean;
}

const LISTS = patterns.lists as ListPattern[];
const MARKERS = patterns.generic.markers;
const BLOCK_CONTEXT = patterns.blockContext;

/** Text examined: rejection replies are short; this bounds the work on hostile input. */
export const MAX_ATTRIBUTION_CHARS = 8192;

export type { CatalogLookup, ZoneFacts } from './catalog-link.js';

/** By default the built-in check catalog (src/check/catalog.json), built on first use. */
let builtinLookup: CatalogLookup | null = null;
const defaultLookup: CatalogLookup = (zone) => {
  builtinLookup ??= lookupFromCatalog(loadBuiltinCatalog());
  return builtinLookup(zone);
};
let catalogLookup: CatalogLookup = defaultLookup;

/**
 * Replaces the catalog the delisting facts come from (the CLI passes the one --catalog/--zones
 * selected; tests pass their own). `null` restores the built-in catalog.
 */
export function setCatalogLookup(lookup: CatalogLookup | null): void {
  catalogLookup = lookup ?? defaultLookup;
}

const IPV4 =
  /(?<![\d.])((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?![\d]|\.\d)/g;
const IPV6 = /(?<![\w:])((?:[0-9a-f]{1,4}:){2,7}(?::|[0-9a-f]{1,4}))(?![\w:])/gi;
/** "host mx.example.net [192.0.2.1]" and "(mx.example.net [192.0.2.1])" name the receiving server, not us. */
const REMOTE_HOST =
  /(?:\bhost\s+[\w.-]+\s*\[[^\]\s]{1,45}\]|\([\w.-]+\s+\[[^\]\s]{1,45}\]\)|\bby\s+[\w.-]+\s*\[[^\]\s]{1,45}\])/gi;

/** The IP the rejection names as refused: the first address outside the receiving-host phrases. */
export function extractRejectedIp(text: string): string | null {
  // The remote server's reply names our IP; text before it (qmail's "203.0.113.1 does not like
  // recipient", "Connected to ...") names theirs. Look after the first reply code first.
  const reply = /(?:^|\s)[245]\d\d[ -]/.exec(text);
  if (reply && reply.index > 0) {
    const inReply = extractIpFrom(text.slice(reply.index));
    if (inReply) return inReply;
  }
  return extractIpFrom(text);
}

function extractIpFrom(text: string): string | null {
  const cleaned = text.replace(REMOTE_HOST, ' ');
  for (const m of cleaned.matchAll(IPV4)) {
    const ip = m[1]!;
    if (!ip.startsWith('127.') && !ip.startsWith('0.')) return ip;
  }
  for (const m of cleaned.matchAll(IPV6)) {
    const ip = m[1]!;
    if (ip.includes('::') || ip.split(':').length === 8) return ip.toLowerCase();
  }
  return null;
}

function withCatalog(
  name: string,
  zone: string | null,
  ip: string | null,
  fallback: ListPattern | null,
): BlocklistAttribution {
  const facts = zone ? catalogLookup(zone) : null;
  return {
    name: fallback?.name ?? facts?.name ?? zone ?? name,
    zone,
    ip,
    delist: facts?.delist ?? fallback?.delist ?? null,
    policy: facts?.policy ?? fallback?.policy ?? null,
  };
}

/** Every list phrase in one alternation, in list order (same technique as classify.ts matchRule). */
const PHRASE_LIST = new Map<string, number>();
LISTS.forEach((list, i) => {
  for (const phrase of list.contains) if (!PHRASE_LIST.has(phrase)) PHRASE_LIST.set(phrase, i);
});
const ALL_LIST_PHRASES = new RegExp(
  [...PHRASE_LIST.keys()].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);

/** The first list (in data order) the text names, honouring requiresBlockContext; null if none. */
function firstListNamed(lower: string): number | null {
  let best = Number.POSITIVE_INFINITY;
  let context: boolean | null = null;
  ALL_LIST_PHRASES.lastIndex = 0;
  for (let m = ALL_LIST_PHRASES.exec(lower); m !== null; m = ALL_LIST_PHRASES.exec(lower)) {
    ALL_LIST_PHRASES.lastIndex = m.index + 1;
    const index = PHRASE_LIST.get(m[0])!;
    if (index >= best) continue;
    if (LISTS[index]!.requiresBlockContext) {
      context ??= BLOCK_CONTEXT.some((word) => lower.includes(word));
      if (!context) continue;
    }
    best = index;
  }
  return Number.isFinite(best) ? best : null;
}

function genericZone(lower: string): string | null {
  for (const marker of MARKERS) {
    const at = lower.indexOf(marker);
    if (at < 0) continue;
    const m = /^[<[("']?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)/.exec(
      lower.slice(at + marker.length, at + marker.length + 120),
    );
    if (m && /[a-z]/.test(m[1]!) && /\.[a-z]{2,}$/.test(m[1]!)) return m[1]!.replace(/\.$/, '');
  }
  return null;
}

/**
 * Names the blocklist behind a rejection, or null when the text names none.
 *
 * @example
 * attributeBlocklist('553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks');
 * // { name: 'AT&T ATTRBL', zone: null, ip: '198.51.100.7', delist: 'http://att.net/blocks', policy: '...' }
 */
export function attributeBlocklist(text: string): BlocklistAttribution | null {
  const slice = text.length > MAX_ATTRIBUTION_CHARS ? text.slice(0, MAX_ATTRIBUTION_CHARS) : text;
  // SpamAssassin rule names (RCVD_IN_SORBS_SPAM) name a list the message was scored by, not refused by.
  const lower = slice.toLowerCase().replace(/\brcvd_in_[a-z0-9_]+/g, ' ');
  const index = firstListNamed(lower);
  if (index !== null) {
    const list = LISTS[index]!;
    const named = genericZone(lower);
    const zone =
      named && list.zone && named.endsWith(list.zone.split('.').slice(-2).join('.')) ? named : list.zone;
    return withCatalog(list.name, zone, extractRejectedIp(slice), list);
  }
  const zone = genericZone(lower);
  if (zone) return withCatalog(zone, zone, extractRejectedIp(slice), null);
  // A site's own list kept in LDAP, named by Exim's ACL message ("blocked by ldap:ou=...").
  const local = /blocked by (ldap:[^\s/]{1,200})/.exec(lower);
  if (local) return { name: local[1]!, zone: null, ip: extractRejectedIp(slice), delist: null, policy: null };
  return null;
}
