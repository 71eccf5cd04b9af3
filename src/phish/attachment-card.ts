/**
 * A fake attachment: a link whose visible text is a file name ("CURRICULO .docx 32 KB",
 * "Invoice_8812.pdf") going to a web page rather than to that file. A mail client shows a real
 * attachment as an attachment; a lure draws one in HTML so that the click opens its own page
 * (the "fake attachment" lures of Brazilian CV and invoice campaigns, and of document phishing as
 * Microsoft and Proofpoint describe it). Links to document services, to the sender's own
 * authenticated sites and through click trackers (which do not say where they lead) are not
 * judged, nor mail whose authenticated sender is consistent.
 */
import type { Findings } from './catalog.js';
import lists from './domain-lists.json' with { type: 'json' };
import { HostSet, REWRITERS } from './host-lists.js';
import type { Identity } from './identity-rules.js';
import type { Link } from './types.js';

const DOCUMENT_SERVICES = new HostSet(lists.documentServices);
/** Link texts longer than this are sentences, not a file name on a card (bounds the scan). */
const MAX_CARD_TEXT_CHARS = 120;
/** A document or archive file name ending the text, optionally followed by its size ("32 KB"). */
const FILE_NAME =
  /\.(?:pdf|docx?|xlsx?|xlsm|pptx?|odt|ods|rtf|zip|rar|7z)(?:\s*[([]?\s*\d{1,4}(?:[.,]\d{1,2})?\s*[kmg]i?b[)\]]?)?\s*$/i;
/** The same extensions at the end of a URL path: the link downloads the file it names. */
const FILE_PATH = /\.(?:pdf|docx?|xlsx?|xlsm|pptx?|odt|ods|rtf|zip|rar|7z)$/i;

/** The file name a link's text shows, or null when the text is no file name. */
export function fileNameShown(text: string): string | null {
  const t = text.trim();
  if (t === '' || t.length > MAX_CARD_TEXT_CHARS || t.includes('://') || /^www\./i.test(t)) return null;
  return FILE_NAME.test(t) ? t : null;
}

export function checkAttachmentCard(
  links: readonly Link[],
  senderDomain: string | null,
  ownSites: ReadonlySet<string>,
  identity: Identity,
  out: Findings,
): void {
  if (identity.legitimate) return;
  for (const link of links) {
    if (link.source !== 'a' || link.host === null || link.registrableDomain === null) continue;
    const shown = fileNameShown(link.text);
    if (shown === null) continue;
    let path = '';
    try {
      path = new URL(link.href).pathname;
    } catch {
      // not a URL the browser would open either: judged on its host
    }
    if (FILE_PATH.test(path)) continue;
    const domain = link.registrableDomain;
    if (domain === senderDomain || ownSites.has(domain)) continue;
    if (DOCUMENT_SERVICES.match(link.host) || REWRITERS.match(link.host)) continue;
    out.add(
      'fake-attachment-link',
      `a link drawn as the attached file "${shown}" opens a page on ${link.host} instead`,
      `${shown} -> ${link.href.slice(0, 300)}`,
    );
    return;
  }
}
