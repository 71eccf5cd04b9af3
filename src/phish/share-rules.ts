/**
 * A document "shared" from a real, authenticated mailbox (a partner's compromised account) whose
 * link goes to neither a document service nor the sender's own site: SharePoint, Google Drive,
 * Dropbox, Box, DocuSign... host shared files; a share notice pointing at docs-view-online.com is
 * the lure's own page. Colleagues sharing on a storage service, or on their own site, are not
 * judged.
 */
import type { Findings } from './catalog.js';
import lists from './domain-lists.json' with { type: 'json' };
import { HostSet, USER_CONTENT_HOSTING } from './host-lists.js';
import type { Identity } from './identity-rules.js';
import { nameFitsHost, nameLabel, sameName } from './identity-rules.js';
import { isMailNamedSite } from './mail-domain.js';
import type { Link } from './types.js';

/** Document-sharing and e-signature services (each service's own domains). */
const DOCUMENT_SERVICES = new HostSet(lists.documentServices);

export function checkShareLink(
  senderName: string,
  senderDomain: string,
  identity: Identity,
  link: Link | undefined,
  out: Findings,
): void {
  if (link === undefined || identity.auth.domain === null || identity.legitimate) return;
  if (!out.has('document-lure') || out.has('lure-link-elsewhere')) return;
  const domain = link.registrableDomain;
  if (link.host === null || domain === null || domain === senderDomain) return;
  if (DOCUMENT_SERVICES.match(link.host) || USER_CONTENT_HOSTING.match(link.host)) return;
  const own = nameLabel(senderDomain);
  if (sameName(nameLabel(domain), own) || isMailNamedSite(own, nameLabel(domain))) return;
  // A platform's bulk mail sending for the organisation it names (a shop's order through Shopify)
  // links to it; a display name alone is the sender's choice ("Docs View Online" linking to
  // docs-view-online.com), review.
  if (identity.bulk && nameFitsHost(senderName, link.host)) return;
  out.add(
    'document-link-elsewhere',
    `document-sharing wording from ${senderDomain} sends the reader to ${domain}, neither a document service nor the sender's own site`,
    link.href.slice(0, 300),
  );
}
