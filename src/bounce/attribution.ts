/**
 * Blocklist attribution: which list refused the mail, which of our IPs it named, and how to get
 * off it. Recognition is driven by what is known, not by samples: every zone and display name of
 * the check catalog, the product names and providers' code families of blocklist-names.json, and
 * the usual MTA wordings before a zone ("blocked using ZONE", "listed in ZONE"). Delisting links
 * and policies of DNSBL zones come only from the catalog passed in.
 */

import { loadBuiltinCatalog } from '../check/catalog.js';
import type { CatalogEntry } from '../check/catalog-types.js';
import { parseIp } from '../core/ip.js';
import { DEFAULTS } from './defaults.js';
import {
  type ContextTarget,
  indexContext,
  namedInContext,
  standsInContext,
  unknownNamedList,
  withoutAllowlists,
  withoutDenied,
} from './list-context.js';
import {
  builtinListNames,
  type CatalogIndex,
  firstNamed,
  forEachZone,
  indexCatalog,
  type ListNames,
} from './list-names.js';
import type { BlocklistAttribution } from './types.js';

export type { BlocklistAttribution } from './types.js';

/** Text examined: rejection replies are short; this bounds the work on hostile input. */
export const MAX_ATTRIBUTION_CHARS = DEFAULTS.maxAttributionChars;

const IPV4 =
  /(?<![\d.])((?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3})(?![\d]|\.\d)/g;
/** An IPv6 candidate (hex groups and colons, "::" anywhere): parseIp decides whether it is one. */
const IPV6 = /(?<![\w:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7})(?![\w:])/gi;
/**
 * Addresses that are not ours: the receiving server ("host mx.example.net [192.0.2.1]", Postfix
 * "relay=mx[192.0.2.1]", Exchange's "Remote Server at mx.example.net (192.0.2.1) returned"), the
 * resolver Spamhaus names in its "open resolver" error URL, and Yahoo's internal error identifier
 * ("... complaints - 4.16.55.1; see ...", "[#4.16.1]").
 */
const NOT_OURS =
  /(?:\bremote server at\s+[\w.-]+\s*\(\s*[^)\s]{1,45}\s*\)|\s-\s4\.16\.\d{1,3}\.\d{1,3}\b|\bhost\s+[\w.-]+\s*\[[^\]\s]{1,45}\]|\([\w.-]+\s+\[[^\]\s]{1,45}\]\)|\bby\s+[\w.-]+\s*\[[^\]\s]{1,45}\]|\brelay=[\w.-]+\[[^\]\s]{1,45}\]|\/returnc\/\w+\/[^\s/]{1,45})/gi;

/** The IP the rejection names as refused: the first address outside the receiving-host phrases. */
export function extractRejectedIp(text: string): string | null {
  // The remote server's reply names our IP; text before it (qmail's "203.0.113.1 does not like
  // recipient", "Connected to ...") names theirs. Look after the first reply code first; Exchange
  // quotes it ("returned '550 5.7.1 ...'"), JSON carries it in a string ("reason":"554 ...").
  const reply = /(?:^|[\s'"])[245]\d\d[ -]/.exec(text);
  if (reply && reply.index > 0) {
    const inReply = extractIpFrom(text.slice(reply.index));
    if (inReply) return inReply;
  }
  return extractIpFrom(text);
}

function extractIpFrom(text: string): string | null {
  const cleaned = text.replace(NOT_OURS, ' ');
  for (const m of cleaned.matchAll(IPV4)) {
    const ip = m[1]!;
    if (!ip.startsWith('127.') && !ip.startsWith('0.')) return ip;
  }
  // An address literal's tag ("[IPv6:2001:db8::25]", RFC 5321 §4.1.3) is no part of the address.
  for (const m of cleaned.replace(/\bipv6:/gi, ' ').matchAll(IPV6)) {
    const ip = m[1]!.toLowerCase();
    // "2001:db8::25" (a "::" between groups); not "::1" (loopback) nor a clock time ("10:00:00").
    if (ip !== '::1' && parseIp(ip)?.family === 6) return ip;
  }
  return null;
}

interface Named {
  name: string;
  zone: string | null;
  delist: string | null;
  policy: string | null;
}

function fromCatalog(entry: CatalogEntry): Named {
  return {
    name: entry.name,
    zone: entry.zone,
    delist: entry.delist ?? null,
    policy: entry.policy?.text ?? null,
  };
}

/** A zone the catalog knows, named anywhere in the text (the most specific way to name a list). */
/** Zones looked at for one in listing context; past it the first zone named stands. */
const MAX_ZONES_EXAMINED = 32;

/**
 * A zone the catalog knows, named anywhere in the text (the most specific way to name a list). A
 * zone in listing context ("blocked using ZONE", "listed at ZONE") wins over one named earlier in
 * another role (a log's "warning: ZONE: RBL lookup error", a list of zones queried).
 */
function zoneNamed(
  lower: string,
  index: CatalogIndex,
  names: ListNames,
): { named: Named; inContext: boolean } | null {
  let first: string | null = null;
  let inContext = false;
  let examined = 0;
  forEachZone(lower, index, (zone, at) => {
    first ??= zone;
    if (standsInContext(lower, at, at + zone.length, names)) {
      first = zone;
      inContext = true;
      return true;
    }
    return ++examined >= MAX_ZONES_EXAMINED;
  });
  const entry = first === null ? undefined : index.byZone.get(first);
  return entry ? { named: fromCatalog(entry), inContext } : null;
}

function fromProduct(p: ListNames['products'][number], index: CatalogIndex): Named {
  const entry = p.zone ? index.byZone.get(p.zone) : undefined;
  if (entry) return fromCatalog(entry);
  return { name: p.name, zone: p.zone, delist: p.zone ? null : p.delist, policy: p.zone ? null : p.policy };
}

function fromTarget(t: ContextTarget, names: ListNames, index: CatalogIndex): Named {
  if (t.kind === 'catalog') return fromCatalog(t.entry);
  if (t.kind === 'product') return fromProduct(names.products[t.index]!, index);
  if (t.kind === 'provider') {
    const p = names.providers[t.index]!;
    return { name: p.name, zone: null, delist: p.delist, policy: p.policy };
  }
  const entry = index.byZone.get(t.zone);
  return entry ? fromCatalog(entry) : { name: t.name, zone: t.zone, delist: null, policy: null };
}

function productNamed(lower: string, names: ListNames, index: CatalogIndex): Named | null {
  const at = firstNamed(lower, names.productPhrases);
  if (at !== null) return fromProduct(names.products[at]!, index);
  const named = index.names.phrases.index.size > 0 ? firstNamed(lower, index.names.phrases) : null;
  return named === null ? null : fromCatalog(index.names.entries[named]!);
}

function providerNamed(lower: string, names: ListNames): Named | null {
  for (const p of names.providers)
    if (p.pattern.test(lower)) return { name: p.name, zone: null, delist: p.delist, policy: p.policy };
  return null;
}

/** A zone the catalog does not know, after a listing wording ("blocked using bl.example.net"). */
function markedZone(lower: string, names: ListNames): Named | null {
  for (const marker of names.markers) {
    const at = lower.indexOf(marker);
    if (at < 0) continue;
    const m = /^[<[("']?([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)+)/.exec(
      lower.slice(at + marker.length, at + marker.length + 120),
    );
    if (m && /\.[a-z]{2,}$/.test(m[1]!)) return { name: m[1]!, zone: m[1]!, delist: null, policy: null };
  }
  return null;
}

/**
 * "blocked by rbl.example.net": a zone named after a bare "blocked by" is a list only when its first
 * label says so (rbl, dnsbl, blacklist, blocklist); "blocked by mx.example.net" names a server.
 * The name is matched with bounded labels and its first label tested apart: one pattern with the
 * word between two free runs of letters backtracked on a run of "rbl" (20 ms per 8 KB reply).
 */
const BLOCKED_BY_ZONE = /\bblocked by ([a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.[a-z]{2,63})\b/g;
const LIST_WORD = /rbl|dnsbl|blacklist|blocklist/;

function blockedByListZone(lower: string): Named | null {
  for (const m of lower.matchAll(BLOCKED_BY_ZONE)) {
    const zone = m[1]!;
    if (LIST_WORD.test(zone.slice(0, zone.indexOf('.'))))
      return { name: zone, zone, delist: null, policy: null };
  }
  return null;
}

/**
 * Spamhaus's return-code pages (".../returnc/pub/<resolver>") explain a refused query (open or
 * public resolver, excessive queries), not a listing: the URL alone does not name Spamhaus as the
 * list. A zone named outright ("blocked using zen.spamhaus.org") still does.
 */
const SPAMHAUS_RETURNC = /\bhttps?:\/\/[\w.]*spamhaus\.org\/returnc\/\S*/g;

function unknownList(text: string, lower: string, names: ListNames): Named | null {
  const name = unknownNamedList(text, lower, names);
  return name ? { name, zone: null, delist: null, policy: null } : null;
}

export interface AttributionContext {
  catalog: readonly CatalogEntry[];
  names: ListNames;
}

/**
 * Names the blocklist behind a rejection, or null when the text names none.
 *
 * @example
 * attributeBlocklist('553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks', ctx);
 * // { name: 'AT&T blocklist', zone: null, ip: '198.51.100.7', delist: 'http://att.net/blocks', policy: '...' }
 */
export function attributeBlocklist(
  text: string,
  ctx: AttributionContext = { catalog: loadBuiltinCatalog(), names: builtinListNames() },
): BlocklistAttribution | null {
  const slice = text.length > MAX_ATTRIBUTION_CHARS ? text.slice(0, MAX_ATTRIBUTION_CHARS) : text;
  // SpamAssassin rule names (RCVD_IN_SORBS_SPAM) name a list the message was scored by, not refused by.
  const index = indexCatalog(ctx.catalog);
  const context = indexContext(ctx.names, ctx.catalog);
  // Allow-lists (DNSWL, Spamhaus SWL, ...) are blanked first: being on one never refused mail.
  const lower = withoutAllowlists(
    slice
      .toLowerCase()
      .replace(/\brcvd_in_[a-z0-9_]+/g, ' ')
      .replace(SPAMHAUS_RETURNC, ' '),
    context,
  );
  const zone = zoneNamed(lower, index, ctx.names);
  // Greylisting, rDNS, HELO and SPF/DMARC refusals are not listings, even when a site or zone-like
  // name follows; only a catalog zone named outright still counts.
  const listing = !ctx.names.notListing.test(lower);
  // A list named in listing context wins over a zone named in another role (a failed lookup).
  const found = zone?.inContext || !listing ? null : namedInContext(lower, ctx.names, context);
  const inContext = found?.target ?? null;
  let named = inContext ? fromTarget(inContext, ctx.names, index) : (zone?.named ?? null);
  if (!named && listing) {
    named =
      productNamed(found ? withoutDenied(lower, found.denied) : lower, ctx.names, index) ??
      providerNamed(lower, ctx.names) ??
      markedZone(lower, ctx.names) ??
      blockedByListZone(lower) ??
      unknownList(slice, lower, ctx.names) ??
      (ctx.names.unnamed.test(lower) && !ctx.names.unnamedNot.test(lower)
        ? { name: 'an unnamed blocklist (RBL)', zone: null, delist: null, policy: null }
        : null);
  }
  // A site's own list kept in LDAP, named by Exim's ACL message ("blocked by ldap:ou=...").
  const local = named ? null : /blocked by (ldap:[^\s/]{1,200})/.exec(lower);
  if (local) named = { name: local[1]!, zone: null, delist: null, policy: null };
  return named ? { ...named, ip: extractRejectedIp(slice) } : null;
}
