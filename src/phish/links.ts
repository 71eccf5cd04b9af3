/** Collects the links of a message from its HTML and text parts, with redirect targets unwrapped. */
import type { HtmlScan } from './html-scan.js';
import { MAX_LINKS } from './limits.js';
import { findTextUrls } from './text-links.js';
import type { Link } from './types.js';
import { normaliseLink, redirectTargets } from './url.js';

export interface LinkSet {
  links: Link[];
  /** Redirector links whose target is on another domain: [redirector, target]. */
  redirects: Array<[Link, Link]>;
  truncated: boolean;
}

class LinkCollector {
  readonly set: LinkSet = { links: [], redirects: [], truncated: false };
  private readonly seen = new Set<string>();

  add(raw: string, text: string, source: Link['source']): Link | null {
    const key = `${source}\u0000${raw}\u0000${text}`;
    if (this.seen.has(key)) return null;
    if (this.set.links.length >= MAX_LINKS) {
      this.set.truncated = true;
      return null;
    }
    this.seen.add(key);
    const link = normaliseLink(raw, text, source);
    if (link === null) return null;
    this.set.links.push(link);
    if (link.host !== null) this.addTargets(link);
    return link;
  }

  private addTargets(link: Link): void {
    for (const target of redirectTargets(link.href)) {
      const t = this.add(target, '', 'redirect-target');
      if (t && t.registrableDomain !== link.registrableDomain) this.set.redirects.push([link, t]);
    }
  }
}

export function collectLinks(html: HtmlScan | null, text: string | undefined): LinkSet {
  const c = new LinkCollector();
  if (html) {
    for (const l of html.links) c.add(l.href, l.text, l.source);
    c.set.truncated ||= html.truncated;
  }
  if (text) {
    const scan = findTextUrls(text);
    for (const url of scan.urls) c.add(url, '', 'text');
    // A link typed without a scheme adds nothing when its host is already a link of the message
    // (the text part of an HTML mail often repeats the anchors' addresses).
    const hosts = new Set(c.set.links.map((l) => l.host));
    for (const url of scan.bare) {
      const link = normaliseLink(`http://${url}`, '', 'text');
      if (link !== null && !hosts.has(link.host)) {
        hosts.add(link.host);
        c.add(`http://${url}`, '', 'text');
      }
    }
    c.set.truncated ||= scan.truncated;
  }
  return c.set;
}
