/**
 * Links a mailing list adds to what it relays: the list manager's own pages (Mailman's
 * "listinfo" footer, a Google Group's "view this discussion" line), on the hosts its RFC 2369
 * List-* header fields name. They are the list's, not the sender's: a scam relayed by a list
 * still offers the victim no link of its own.
 */
import { headerValue, type ParsedMail } from '../mail/parse.js';
import type { Link } from './types.js';

/** RFC 2369 fields that carry the list manager's URLs. */
const LIST_URL_FIELDS = ['list-unsubscribe', 'list-archive', 'list-help', 'list-subscribe', 'list-post'];
/** Each field is read this far: a crafted megabyte of angle brackets is not a list header. */
const MAX_LIST_FIELD_CHARS = 2048;

/** Hosts of the http(s) URLs in a relayed list message's List-* fields; empty without a List-Id. */
export function listManagerHosts(mail: ParsedMail): Set<string> {
  const hosts = new Set<string>();
  if (headerValue(mail, 'list-id') === null) return hosts;
  for (const field of LIST_URL_FIELDS) {
    const value = (headerValue(mail, field) ?? '').slice(0, MAX_LIST_FIELD_CHARS);
    for (const part of value.split('<')) {
      const end = part.indexOf('>');
      if (end < 0) continue;
      try {
        const url = new URL(part.slice(0, end).trim());
        if (url.protocol === 'http:' || url.protocol === 'https:') hosts.add(url.hostname.toLowerCase());
      } catch {
        // not a URL: a mailto: without scheme or junk
      }
    }
  }
  return hosts;
}

/** The links that go to the list manager's own hosts. */
export function countListLinks(links: readonly Link[], hosts: ReadonlySet<string>): number {
  if (hosts.size === 0) return 0;
  return links.filter((l) => l.host !== null && hosts.has(l.host)).length;
}
