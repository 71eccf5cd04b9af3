/**
 * Sign-up form abuse: a lure typed into a newsletter's or a shop's sign-up form as the "name", so
 * that the real sender's welcome mail carries it ("Hi Hello. You have a new incoming transaction
 * ... withdraw your funds -> transfer705.pages.dev/..."), authenticated and from a clean domain.
 * The recipient's display name is where it shows, and the mail echoes it in its greeting: a
 * person's name never holds a web address, and a site's own mail never repeats one it did not
 * write.
 */
import type { ParsedMail } from '../mail/parse.js';
import type { Findings } from './catalog.js';
import { findTextUrls } from './text-links.js';
import { domainInfo } from './url.js';

/** Recipients whose names are read. */
const MAX_NAMED_RECIPIENTS = 5;
/** A display name longer than this is not scanned further (bounds the work). */
const MAX_NAME_CHARS = 1_000;

/** The first web address written in a recipient's display name and repeated in the body, or null. */
export function recipientNameLink(mail: ParsedMail, body: string): string | null {
  let read = 0;
  for (const entry of [...(mail.to ?? []), ...(mail.cc ?? [])]) {
    if (read++ >= MAX_NAMED_RECIPIENTS) break;
    const name = (entry.name ?? '').slice(0, MAX_NAME_CHARS);
    if (name.length < 8 || !name.includes('.')) continue;
    const scan = findTextUrls(name);
    // The recipient's own site as its name ("www.bakery.example" <admin@bakery.example>) is a name.
    const own = registrableOf((entry.address ?? '').slice((entry.address ?? '').lastIndexOf('@') + 1));
    const found = [...scan.urls, ...scan.bare].find(
      (link) => body.includes(link) && (own === null || registrableOf(hostOfLink(link)) !== own),
    );
    if (found !== undefined) return found;
  }
  return null;
}

/** The host of a URL or bare address written in text ("https://a.example/x", "www.a.example"). */
function hostOfLink(link: string): string {
  const rest = link.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const end = rest.search(/[/?#:]/);
  return end < 0 ? rest : rest.slice(0, end);
}

function registrableOf(host: string): string | null {
  return host === '' ? null : domainInfo(host.toLowerCase()).registrableDomain;
}

export function checkRecipientNameLink(mail: ParsedMail, body: string, out: Findings): void {
  const link = recipientNameLink(mail, body);
  if (link === null) return;
  out.add(
    'recipient-name-link',
    `the recipient's name holds a web address (${link.slice(0, 80)}): a lure typed into a sign-up form's name field, which the site's own mail repeats`,
    link.slice(0, 300),
  );
}
