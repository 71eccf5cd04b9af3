/**
 * The link that carries the lure: its visible text names the document or the account action
 * ("Ver Factura en PDF", "View invoice", "Verify account") and it goes to a domain that no other
 * link of the message and not the sender use. A lure copied into a real company's signature
 * (its site, its social pages) links to that company many times and to the lure's host once.
 */
import { COMMON_LINK_HOSTS, ESPS, REWRITERS } from './host-lists.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { words } from './lure-rules.js';
import type { Link } from './types.js';

const ANCHOR_WORDS: ReadonlySet<string> = new Set(phrases.lureAnchorWords);

/** The words of a link's visible text that name a document or an account action, or none. */
export function lureAnchorWord(text: string): string | null {
  if (text === '' || text.includes('://')) return null;
  return words(text).find((w) => ANCHOR_WORDS.has(w)) ?? null;
}

/** The one link whose text names the lure and whose domain nothing else in the message uses. */
export function loneLureAnchor(links: readonly Link[], senderDomain: string): Link | null {
  const uses = new Map<string, number>();
  for (const link of links) {
    if (link.host === null || link.registrableDomain === null || link.source === 'redirect-target') continue;
    uses.set(link.registrableDomain, (uses.get(link.registrableDomain) ?? 0) + 1);
  }
  for (const link of links) {
    const domain = link.registrableDomain;
    if (link.host === null || domain === null || domain === senderDomain || link.source !== 'a') continue;
    if (uses.get(domain) !== 1 || lureAnchorWord(link.text) === null) continue;
    if (REWRITERS.match(link.host) || COMMON_LINK_HOSTS.match(link.host) || ESPS.match(link.host)) continue;
    return link;
  }
  return null;
}
