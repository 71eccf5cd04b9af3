/**
 * A brand's own account and security notices ("your password was changed", "new sign-in", "verify
 * your new account") carry the words credential lures use, and often the brand's own short links
 * and click redirectors (t.co for X, amzn.to for Amazon). When the receiving server authenticated
 * the sender and every link stays with the sender's own domains, those words and links are the
 * notice itself, not a lure: the sender's sibling domains (the brand table's, for a sender on a
 * brand's domain) are its own for the shortener and redirector rules, and reassuring wording
 * ("if this was you, you can ignore this", "we will never ask for your password", "do not share
 * this code") from such a sender offsets the credential-lure wording (`own-account-notice`).
 */
import type { ParsedMail } from '../mail/parse.js';
import { ownersOf } from './brands.js';
import type { Findings } from './catalog.js';
import { COMMON_LINK_HOSTS, ESPS, FREE_TENANTS, freeMailboxOf, REWRITERS } from './host-lists.js';
import type { Identity } from './identity-rules.js';
import { MAX_LURE_INPUT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { buildIndex, findPhrases, words } from './lure-rules.js';
import { addressDomain, replyToAddress, type Sender } from './sender-rules.js';
import type { Link } from './types.js';

const REASSURANCE = buildIndex(phrases.accountNotice.reassurance);
/** The same in scripts without spaces between words (Japanese, Chinese), found as substrings. */
const REASSURANCE_CJK: readonly string[] = phrases.accountNotice.reassuranceCjk;

/**
 * The registrable domains that are the sender's own when the receiving server authenticated it
 * (an aligned DMARC or DKIM pass, not SPF alone): its own domain and, on a brand's domain, the
 * brand's other domains (x.com and t.co, amazon.com and amzn.to). Empty for a sender nothing
 * authenticates, and no siblings for a free mailbox (a gmail.com user does not own google.com).
 */
export function authenticatedDomains(sender: Sender | null, identity: Identity): ReadonlySet<string> {
  const own = identity.auth.domain;
  if (sender === null || own === null || own !== sender.domain || identity.auth.how === 'spf')
    return new Set();
  const host = sender.address.slice(sender.address.lastIndexOf('@') + 1).toLowerCase();
  if (freeMailboxOf(host) !== null || FREE_TENANTS.match(host) !== null) return new Set([own]);
  return new Set([own, ...ownersOf(own).flatMap((b) => b.domains)]);
}

/** Every web link goes to the sender's own domains, an ESP tracker or a common site. */
export function linksStayOwn(links: readonly Link[], own: ReadonlySet<string>): boolean {
  for (const link of links) {
    if (link.host === null || link.source === 'redirect-target') continue;
    if (link.registrableDomain !== null && own.has(link.registrableDomain)) continue;
    if (REWRITERS.match(link.host) || ESPS.match(link.host) || COMMON_LINK_HOSTS.match(link.host)) continue;
    return false;
  }
  return true;
}

/** The first reassuring phrase of an account notice in the subject and the opening of the body. */
export function reassurance(text: string): string | null {
  const head = text.slice(0, MAX_LURE_INPUT_CHARS);
  const found = findPhrases(words(head), REASSURANCE)[0];
  return found ?? REASSURANCE_CJK.find((p) => head.includes(p)) ?? null;
}

export interface NoticeContext {
  mail: ParsedMail;
  sender: Sender | null;
  identity: Identity;
  links: readonly Link[];
  /** Subject and body text. */
  text: string;
  /** The sender's own domains (authenticatedDomains). */
  own: ReadonlySet<string>;
}

/** No Reply-To, or one on the sender's own domains. */
function repliesStayOwn(mail: ParsedMail, own: ReadonlySet<string>): boolean {
  const address = replyToAddress(mail);
  return address === '' || own.has(addressDomain(address) ?? '');
}

/**
 * Credential-lure wording in an authenticated sender's own account notice: the sender is not a
 * free mailbox, the display name fits the domain, the domain is a brand's, or the mail comes
 * through bulk infrastructure; every link and the replies stay with its own domains; and the
 * notice reassures rather than threatens. Never with impersonation or a payload.
 */
export function checkAccountNotice(context: NoticeContext, out: Findings): void {
  const { sender, identity, own } = context;
  if (!out.has('credential-lure') || sender === null || own.size === 0) return;
  if (out.hasRole('impersonation') || out.hasRole('payload')) return;
  const domain = identity.auth.domain!;
  if (freeMailboxOf(sender.address) !== null || (own.size === 1 && FREE_TENANTS.match(domain) !== null))
    return;
  const recognised = identity.nameFitsDomain || identity.bulk || ownersOf(domain).length > 0;
  if (!recognised || !repliesStayOwn(context.mail, own) || !linksStayOwn(context.links, own)) return;
  const calm = reassurance(context.text);
  if (calm === null) return;
  out.add(
    'own-account-notice',
    `the account wording comes from ${domain}, which the receiving server authenticated, with every link on its own domains, and it reassures ("${calm}"): a notice, not a lure`,
    `${identity.auth.how}=pass ${domain}; "${calm}"`,
  );
}
