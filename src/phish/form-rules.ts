/**
 * Contact-form spam: a web site's contact or registration form relays whatever a stranger typed
 * into it, with the stranger's link, to the address typed as the sender's (the reader's, a
 * mailing list's). The message is the site's own notification or auto-reply ("This e-mail was
 * sent from a contact form on ...", "Nachrichtentext:", WordPress's default wordpress@ sender),
 * authenticated as the site, and the payload is a link to a third domain. A site's own form mail
 * links to the site; a link elsewhere in it is what the stranger brought.
 */
import type { Findings } from './catalog.js';
import type { ContactContext } from './contact-rules.js';
import { COMMON_LINK_HOSTS, ESPS, REWRITERS } from './host-lists.js';
import { nameLabel, sameName } from './identity-rules.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { addressDomain, replyToAddress } from './sender-rules.js';

/** Footers and field labels of form mail, lower case, matched as substrings. */
const FORM_PHRASES: readonly string[] = phrases.formRelay.phrases;
/** Form mail is short: the footer or the labels come early. */
const MAX_FORM_TEXT_CHARS = 4_000;
/** WordPress's own domains (its notifications link there). */
const FORM_PLATFORM_DOMAINS: ReadonlySet<string> = new Set(phrases.formRelay.platformDomains);

/** What marks the message as a web form's mail: WordPress's sender, or a form footer or label. */
export function formRelayMark(senderName: string, senderAddress: string, text: string): string | null {
  const local = senderAddress.slice(0, senderAddress.lastIndexOf('@')).toLowerCase();
  if (local === 'wordpress') return senderAddress;
  if (senderName.trim().toLowerCase() === 'wordpress') return senderName;
  const lower = text.slice(0, MAX_FORM_TEXT_CHARS).toLowerCase();
  return FORM_PHRASES.find((p) => lower.includes(p)) ?? null;
}

function replyDomain(context: ContactContext): string | null {
  const address = replyToAddress(context.mail);
  return address === '' ? null : addressDomain(address);
}

export function checkFormRelay(context: ContactContext, out: Findings): void {
  const { sender } = context;
  if (sender === null || context.webLinks === 0) return;
  const mark = formRelayMark(sender.name, sender.address, `${context.subject}\n${context.body}`);
  if (mark === null) return;
  const site = [sender.domain, replyDomain(context)].filter((d): d is string => d !== null);
  const link = context.links.find((l) => {
    const domain = l.registrableDomain;
    if (l.host === null || domain === null || l.source === 'redirect-target') return false;
    if (site.some((s) => s === domain || sameName(nameLabel(s), nameLabel(domain)))) return false;
    if (FORM_PLATFORM_DOMAINS.has(domain)) return false;
    return !(REWRITERS.match(l.host) || COMMON_LINK_HOSTS.match(l.host) || ESPS.match(l.host));
  });
  if (link === undefined) return;
  out.add(
    'form-relay-link',
    `the message is a web form's mail ("${mark.slice(0, 60)}") carrying a link to ${link.registrableDomain}, not the site's own: what a stranger typed into the form`,
    link.href.slice(0, 300),
  );
}
