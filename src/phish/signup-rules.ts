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
import { addressDomain } from './sender-rules.js';
import { findTextUrls } from './text-links.js';
import { domainInfo, hostInText } from './url.js';

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
    const own = addressDomain(entry.address ?? '');
    const found = [...scan.urls, ...scan.bare].find(
      (link) => body.includes(link) && (own === null || registrableOf(link) !== own),
    );
    if (found !== undefined) return found;
  }
  return null;
}

/** The registrable domain of a URL or bare address written in text ("https://a.example/x"). */
function registrableOf(link: string): string | null {
  const host = hostInText(link);
  return host === null ? null : domainInfo(host).registrableDomain;
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
