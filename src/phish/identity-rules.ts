/**
 * Claimed identity against authenticated identity, with no brand table needed: who the display
 * name says the sender is (an organisation, a department, a service), which domain the receiving
 * server authenticated (auth.ts), and where the links and replies go. A free-mail or free-tenant
 * mailbox speaking for an organisation is deception whoever the organisation is; an authenticated
 * domain named like its display name, whose links and replies stay with it, is legitimacy
 * evidence that weighs against brand-name and wording signals.
 */
import { headerValue, type ParsedMail } from '../mail/parse.js';
import type { Authentication } from './auth.js';
import { type Brand, brandsNamedIn, nameWords, ownersOf, ownsDomain } from './brands.js';
import type { Findings } from './catalog.js';
import {
  COMMON_LINK_HOSTS,
  ESP_HEADERS,
  ESPS,
  FREE_TENANTS,
  FREEMAIL,
  freeMailboxOf,
  REWRITERS,
} from './host-lists.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { subjectHasLure } from './lure-rules.js';
import { fitsMailDomain, isMailNamedSite } from './mail-domain.js';
import { addressDomain, replyToAddress, type Sender, sendsAsBrand } from './sender-rules.js';
import type { Link } from './types.js';

/** Words that make a display name speak for an organisation ("IT Helpdesk", "Billing Department"). */
const ORG_WORDS = new Set(phrases.organisationWords.map((w) => w.toLowerCase()));
/** The same in scripts without spaces (财务部, 管理员, サポート, 고객센터), found as substrings. */
const CJK_ORG_WORDS: readonly string[] = phrases.cjk.organisationWords;
/** Bracketed subject tags that name no organisation (【メンテナンス】, 【キャンペーン】). */
const TAG_NOT_ORG: readonly string[] = phrases.cjk.tagNotOrganisation;
/** A katakana run this long is a name (エポスカード, コインチェック), not a word like お知らせ. */
const MIN_KATAKANA_NAME = 3;
/** Latin letters this many make a tag a name (【SAISON】, 【Coincheck】). */
const MIN_LATIN_NAME = 3;

export interface Identity {
  auth: Authentication;
  /** The display name speaks for an organisation (organisation words or a brand). */
  claimsOrganisation: boolean;
  /** The From domain's own labels spell the display name's words ("Prime Video" and primevideo.com). */
  nameFitsDomain: boolean;
  /**
   * Bulk-mail infrastructure: a List-Unsubscribe header, a DKIM signature by a known ESP, or a
   * header an ESP adds (a brand's transactional mail through its ESP, signed with its own domain
   * and without List-Unsubscribe: receipts, password resets, delivery notices).
   */
  bulk: boolean;
  /** Every web link goes to the sender's domain, a claimed brand's, an ESP tracker or a common site. */
  linksConsistent: boolean;
  /** Authenticated, and the name, the links and the replies all agree with the authenticated domain. */
  legitimate: boolean;
  /** The subject or display name speaks of administering the reader's mailbox (mailboxAdmin words). */
  mailboxAdmin: string | null;
  /** The registrable domain of the first To address, or null. */
  recipientDomain: string | null;
  /** The Reply-To address when it is a free mailbox other than the sender's own, else null. */
  replyFreemail: string | null;
}

function hostOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * True when a label of the sender's host is one display-name word or several consecutive ones run
 * together: "Uber Eats" fits ubereats.com, "Chase" fits alerts.chase.com.
 */
export function nameFitsHost(name: string, host: string): boolean {
  const words = nameWords(name).filter((w) => w.length >= 2);
  const labels = new Set(host.split('.').map((l) => l.replaceAll('-', '')));
  for (let i = 0; i < words.length; i++) {
    let joined = '';
    for (let j = i; j < Math.min(words.length, i + 4); j++) {
      joined += words[j]!.replaceAll("'", '').replaceAll('&', '');
      if (joined.length >= 3 && labels.has(joined)) return true;
    }
  }
  return false;
}

function claimsOrganisation(name: string, brands: readonly Brand[]): boolean {
  if (brands.length > 0 || nameWords(name).some((w) => ORG_WORDS.has(w))) return true;
  return CJK_ORG_WORDS.some((w) => name.includes(w));
}

function isKatakana(code: number): boolean {
  return code >= 0x30a1 && code <= 0x30fa;
}

function isLatinOrFullWidth(code: number): boolean {
  const c = code >= 0xff21 && code <= 0xff5a ? code - 0xfee0 : code;
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/**
 * The organisation a Japanese-style subject tag speaks for (【三井住友カード】決済完了のお知らせ),
 * or null: the text between 【 and 】 when it holds an organisation word, a katakana name or a
 * Latin name, and is not a topic tag (【重要】 says "important", 【メンテナンス】 "maintenance").
 */
export function subjectTagOrganisation(subject: string): string | null {
  const open = subject.indexOf('【');
  const close = open >= 0 ? subject.indexOf('】', open + 1) : -1;
  if (close < 0) return null;
  const tag = subject.slice(open + 1, close).trim();
  if (tag === '' || TAG_NOT_ORG.some((w) => tag.includes(w))) return null;
  if (CJK_ORG_WORDS.some((w) => tag.includes(w))) return tag;
  let katakana = 0;
  let latin = 0;
  let longest = 0;
  for (const ch of tag) {
    const code = ch.codePointAt(0)!;
    katakana = isKatakana(code) || code === 0x30fc ? katakana + 1 : 0;
    if (isLatinOrFullWidth(code)) latin++;
    longest = Math.max(longest, katakana);
  }
  return longest >= MIN_KATAKANA_NAME || latin >= MIN_LATIN_NAME ? tag : null;
}

/** The label a registrable domain is named by ("saasco" in saasco.io and saasco.co.uk). */
export function nameLabel(registrable: string): string {
  const dot = registrable.indexOf('.');
  return dot > 0 ? registrable.slice(0, dot) : registrable;
}

/**
 * The first web link to a domain that is neither the sender's nor a tracker or common site. A
 * domain named like the sender's under another suffix (saasco.io and saasco.com) is the same
 * organisation's.
 */
/** Shortest name a mail domain's name may extend (ryanair in ryanairmail.com). */
const MIN_SHARED_NAME = 4;

/**
 * Two domain names of one organisation: equal, or one the other's name with a mail suffix or a
 * hyphen (ryanairmail.com and ryanair.com, brand-news.com and brand.com).
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= MIN_SHARED_NAME && long.startsWith(short);
}

export function foreignLink(links: readonly Link[], own: string): Link | null {
  return foreignLinks(links, own, 1)[0] ?? null;
}

/**
 * Web links to domains that are neither the sender's nor a tracker or common site, one per
 * domain, up to `max` domains. A domain named like the sender's under another suffix (saasco.io
 * and saasco.com) is the same organisation's.
 */
export function foreignLinks(links: readonly Link[], own: string, max: number): Link[] {
  const ownName = nameLabel(own);
  const out: Link[] = [];
  for (const link of links) {
    const domain = link.registrableDomain;
    if (link.host === null || domain === null || domain === own || link.source === 'redirect-target')
      continue;
    if (ownName.length >= 3 && sameName(nameLabel(domain), ownName)) continue;
    if (REWRITERS.match(link.host) || COMMON_LINK_HOSTS.match(link.host) || ESPS.match(link.host)) continue;
    if (out.some((l) => l.registrableDomain === domain)) continue;
    out.push(link);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Three parties: an organisation claimed by the display name or a subject tag, an unauthenticated
 * address that does not carry its name, and links to a third domain. Brands in the table have
 * their own rule (brand-in-sender-name).
 */
export function checkOrganisationLinks(
  subject: string,
  sender: Sender | null,
  identity: Identity,
  links: readonly Link[],
  brands: readonly Brand[],
  out: Findings,
): void {
  if (sender === null || sender.domain === null || brands.length > 0) return;
  if (identity.nameFitsDomain || identity.legitimate || identity.auth.domain !== null) return;
  const tag = subjectTagOrganisation(subject);
  if (!identity.claimsOrganisation && tag === null) return;
  const who = tag ?? sender.name;
  // A link to a site that spells the claimed name is the organisation's own (a newsletter sent
  // by a parent company's mail domain, linking to the brand's site): two parties, not three.
  if (links.some((l) => l.host !== null && (nameFitsHost(sender.name, l.host) || nameFitsHost(who, l.host))))
    return;
  const link = foreignLink(links, sender.domain);
  if (link === null) return;
  out.add(
    'organisation-link-elsewhere',
    `the message speaks for "${who.slice(0, 60)}" from ${sender.domain}, which does not carry that name, and links to ${link.registrableDomain}, a third domain`,
    link.href.slice(0, 300),
  );
}

function linksConsistent(
  links: readonly Link[],
  own: string | null,
  brands: readonly Brand[],
  freeSender: boolean,
): boolean {
  // A brand's domain links to the brand's other domains (x.com to t.co and twitter.com); a free
  // mailbox does not speak for its provider (gmail.com and google.com).
  const siblings = own !== null && !freeSender ? ownersOf(own) : [];
  const named = [...brands, ...siblings];
  let web = 0;
  for (const link of links) {
    if (link.host === null || link.source === 'redirect-target') continue;
    web++;
    const domain = link.registrableDomain;
    if (domain !== null && (domain === own || named.some((b) => b.domains.includes(domain)))) continue;
    // The site of a mail-named domain (ryanair.com for ryanairmail.com) is the sender's own.
    if (domain !== null && own !== null && !freeSender && isMailNamedSite(nameLabel(own), nameLabel(domain)))
      continue;
    if (REWRITERS.match(link.host) || COMMON_LINK_HOSTS.match(link.host) || ESPS.match(link.host)) continue;
    return false;
  }
  return web > 0;
}

const MAILBOX_ADMIN: readonly string[] = phrases.mailboxAdmin;
const MAILBOX_ADMIN_IN_CONTEXT: readonly string[] = phrases.mailboxAdminInContext.phrases;
const MAIL_CONTEXT: readonly string[] = phrases.mailboxAdminInContext.context;

/**
 * The first mailbox-administration phrase in a short text (subject and display name), or null.
 * "Pending messages" and its kin speak of the reader's mailbox only beside a mail word or the
 * reader's own mail domain ("lists.example.org: 5 pending messages", "Email Support"): a chat
 * service's "You have pending messages in Acme" is its own.
 */
function mailboxAdminWords(text: string, recipientDomain: string | null): string | null {
  const lower = text.toLowerCase();
  // "Email-Disk-Usage", "Mail_Administrator": joined words read as words.
  const spaced = lower.replace(/[-_]+/g, ' ');
  const found = MAILBOX_ADMIN.find((w) => spaced.includes(w));
  if (found !== undefined) return found;
  const weak = MAILBOX_ADMIN_IN_CONTEXT.find((w) => spaced.includes(w));
  if (weak === undefined) return null;
  const context =
    MAIL_CONTEXT.some((w) => spaced.includes(w)) ||
    (recipientDomain !== null && lower.includes(recipientDomain));
  return context ? weak : null;
}

function recipientDomain(mail: ParsedMail): string | null {
  const to = mail.to?.[0];
  const address = to && 'address' in to ? (to.address ?? '') : '';
  return address === '' ? null : addressDomain(address);
}

function replyToFreemail(mail: ParsedMail, senderAddress: string): string | null {
  const address = replyToAddress(mail).toLowerCase();
  if (address === '' || address === senderAddress.toLowerCase()) return null;
  return FREEMAIL.match(hostOf(address)) ? address : null;
}

function replyConsistent(mail: ParsedMail, own: string | null): boolean {
  const address = replyToAddress(mail);
  if (address === '' || own === null) return true;
  const host = hostOf(address);
  return host === own || host.endsWith(`.${own}`);
}

export function assessIdentity(
  mail: ParsedMail,
  sender: Sender | null,
  auth: Authentication,
  links: readonly Link[],
  brands: readonly Brand[],
): Identity {
  const name = sender?.name ?? '';
  const host = sender ? hostOf(sender.address) : '';
  // A free mailbox's mail carries such headers when a platform sends it (a Google Forms score
  // sent as the form's gmail owner): the platform's infrastructure, not the sender's.
  const ownDomain = sender?.domain ?? null;
  const freeSender = ownDomain !== null && (freeMailboxOf(host) ?? FREE_TENANTS.match(host)) !== null;
  const bulk =
    headerValue(mail, 'list-unsubscribe') !== null ||
    auth.dkimDomains.some((d) => ESPS.match(d) !== null) ||
    (!freeSender && mail.headers.some((h) => ESP_HEADERS.has(h.key)));
  const consistent = linksConsistent(links, sender?.domain ?? null, brands, freeSender);
  const fits = name !== '' && host !== '' && nameFitsHost(name, host);
  // A brand's mail-named domain (temuemail.com for "Temu") fits for legitimacy, not for brand excuses.
  const fitsMail = fits || (name !== '' && host !== '' && !freeSender && fitsMailDomain(name, host));
  const authenticated = auth.domain !== null;
  return {
    auth,
    claimsOrganisation: claimsOrganisation(name, brands),
    nameFitsDomain: fits,
    bulk,
    linksConsistent: consistent,
    legitimate:
      authenticated &&
      replyConsistent(mail, sender?.domain ?? null) &&
      (consistent || fitsMail) &&
      (bulk || fitsMail),
    replyFreemail: sender ? replyToFreemail(mail, sender.address) : null,
    mailboxAdmin: mailboxAdminWords(`${mail.subject ?? ''} ${name}`, recipientDomain(mail)),
    recipientDomain: recipientDomain(mail),
  };
}

/** "Kurier DPD (via Poczta Allegro)", "Acme via DocuSign": the relaying platform's name after "via". */
const RELAY = /\(?\bvia\s+([^()]{2,60}?)\)?\s*$/iu;
/** Display names longer than this are not read for a relay (bounds the pattern's work). */
const MAX_RELAY_NAME = 200;

function replyWithin(mail: ParsedMail, own: string, brands: readonly Brand[]): boolean {
  const address = replyToAddress(mail);
  if (address === '') return true;
  const domain = addressDomain(address);
  return domain === own || brands.some((b) => ownsDomain(b, domain));
}

/**
 * A platform relaying another party's notice says so in the display name ("Kurier DPD (via
 * Poczta Allegro)", "Acme via DocuSign"). When the receiving server authenticated the sending
 * domain, the platform named after "via" is that domain's own name and names no brand the domain
 * does not own, and every link and the reply address stay with the domain, the named brands or
 * trackers, the brands before "via" are relayed, not impersonated, provided that the platform is
 * itself a brand of the table or the notice leads to one of them (a link or the reply address at
 * a relayed brand's own domain): a relayed notice is about the brand's parcel or document. A platform name the sending domain does not carry
 * ("via DocuSign" from a look-alike domain), a free mailbox, a link to a third domain, or a
 * notice that leads only to the sender's own domain ("PayPal (via Acme Mail)" with Acme's login
 * page, review) keeps the brand finding.
 */
export function relaysNamedBrand(
  mail: ParsedMail,
  sender: Sender | null,
  identity: Identity,
  brands: readonly Brand[],
  links: readonly Link[],
): boolean {
  if (sender === null || sender.domain === null || brands.length === 0) return false;
  if (identity.auth.domain !== sender.domain || !identity.linksConsistent) return false;
  const host = hostOf(sender.address);
  if (FREEMAIL.match(sender.domain) !== null || FREE_TENANTS.match(host) !== null) return false;
  const platform = RELAY.exec(sender.name.slice(0, MAX_RELAY_NAME))?.[1]?.trim() ?? '';
  if (platform === '' || brandsNamedIn(platform).some((b) => !ownsDomain(b, sender.domain))) return false;
  const label = nameLabel(sender.domain);
  const carried =
    nameFitsHost(platform, host) ||
    nameWords(platform).some((w) => w.length >= MIN_SHARED_NAME && sameName(w, label));
  // A platform of the brand table (DocuSign, Allegro) vouches for its relays by its own
  // authenticated domain; any other platform's notice must lead to a relayed brand.
  const knownPlatform = brandsNamedIn(platform).some((b) => ownsDomain(b, sender.domain));
  return (
    carried &&
    replyWithin(mail, sender.domain, brands) &&
    (knownPlatform || leadsToRelayed(mail, links, sender.domain, brands))
  );
}

/** True when a link or the reply address is at a named brand's domain other than the sender's own. */
function leadsToRelayed(
  mail: ParsedMail,
  links: readonly Link[],
  own: string,
  brands: readonly Brand[],
): boolean {
  const relayed = brands.filter((b) => !ownsDomain(b, own));
  const replyDomain = addressDomain(replyToAddress(mail));
  return relayed.some(
    (b) => ownsDomain(b, replyDomain) || links.some((l) => ownsDomain(b, l.registrableDomain)),
  );
}

export function checkIdentity(
  sender: Sender | null,
  identity: Identity,
  brands: readonly Brand[],
  out: Findings,
): void {
  if (sender === null) return;
  const host = hostOf(sender.address);
  const tenant = FREE_TENANTS.match(host);
  if (tenant)
    out.add(
      'sender-on-free-tenant',
      `the sender's address is on ${host}, a trial cloud-mail tenant anyone can create, not an organisation's own domain`,
      sender.address,
    );
  // Only the reply address is known to work when nothing authenticates the From address: a
  // throwaway or forged sender with a real mailbox behind Reply-To is the reply-trap pattern.
  if (identity.replyFreemail !== null && identity.auth.domain === null && out.has('reply-to-freemail'))
    out.add(
      'unverified-sender-reply-freemail',
      `nothing authenticates the sender's address ${sender.address}, and replies go to the free mailbox ${identity.replyFreemail}`,
      `Reply-To: ${identity.replyFreemail}`,
    );
  checkMailboxAdmin(sender, identity, out);
  const free = tenant ?? freeMailboxOf(sender.address);
  if (!identity.claimsOrganisation || brands.length > 0 || identity.nameFitsDomain) return;
  // An organisation does not take its answers in a stranger's free mailbox.
  if (identity.replyFreemail !== null && !identity.legitimate)
    out.add(
      'organisation-reply-freemail',
      `the sender's name "${sender.name}" speaks for an organisation, but replies go to ${identity.replyFreemail}, a free mailbox`,
      `Reply-To: ${identity.replyFreemail}`,
    );
  if (free)
    out.add(
      'organisation-on-free-mailbox',
      `the sender's name "${sender.name}" speaks for an organisation, but the address is a free mailbox on ${free}`,
      `${sender.name} <${sender.address}>`,
    );
  else if (sender.domain !== null && identity.auth.domain === null && orgNameWords(sender.name) > 0)
    out.add(
      'organisation-name-unrelated',
      `the sender's name "${sender.name}" speaks for an organisation whose name the unauthenticated address ${sender.address} does not carry`,
      `${sender.name} <${sender.address}>`,
    );
}

/**
 * Only the reader's own mail provider administers the reader's mailbox: quota, upgrade and
 * migration notices from another domain (a compromised school account, a throwaway domain) are
 * the mailbox-credential lure. A provider writing from a sister domain (google.com to gmail.com)
 * is one owner; an unknown recipient domain decides nothing.
 */
function checkMailboxAdmin(sender: Sender, identity: Identity, out: Findings): void {
  const to = identity.recipientDomain;
  if (identity.mailboxAdmin === null || to === null || sender.domain === null || sender.domain === to) return;
  if (ownersOf(to).some((b) => ownsDomain(b, sender.domain))) return;
  out.add(
    'mailbox-admin-foreign',
    `the message speaks of the reader's mailbox ("${identity.mailboxAdmin}") but comes from ${sender.domain}, not from ${to}, the reader's own mail domain`,
    `${sender.address} -> ${to}`,
  );
}

/** Words of a display name that name the organisation itself (not "Support", "Team", "Bank"). */
function orgNameWords(name: string): number {
  return nameWords(name).filter((w) => w.length >= 3 && !ORG_WORDS.has(w)).length;
}

/**
 * Legitimacy evidence, once every other rule has run: it never outweighs impersonation or a
 * payload (a compromised account of a real sender still passes DMARC), nor a lure a stranger
 * typed into the sender's sign-up form.
 */
export function checkLegitimacy(identity: Identity, out: Findings): void {
  if (!identity.legitimate || out.hasRole('impersonation') || out.hasRole('payload')) return;
  // A stranger's lure typed into the sender's sign-up form: the sender is real, the words are not its.
  if (out.has('recipient-name-link')) return;
  const via = identity.auth.how === 'dmarc' ? 'DMARC' : identity.auth.how === 'dkim' ? 'DKIM' : 'SPF';
  out.add(
    'authenticated-sender',
    `the receiving server recorded an aligned ${via} pass for ${identity.auth.domain}, and the sender's name, links and replies agree with it`,
    `${identity.auth.how}=pass ${identity.auth.domain}`,
  );
}

/** A brand's own From domain that failed DMARC: the brand is being impersonated, not just named. */
export function checkSpoofedBrand(sender: Sender | null, out: Findings): void {
  if (sender === null || !(out.has('dmarc-fail') || out.has('composite-auth-fail'))) return;
  const owner = ownersOf(sender.domain)[0];
  if (owner)
    out.add(
      'brand-domain-spoofed',
      `the address is on ${sender.domain}, ${owner.name}'s own domain, but the receiving server recorded that its authentication failed: ${owner.name} did not send this`,
      sender.address,
    );
}

/** A subject naming a brand in account or document lure wording, from an address the brand does not use. */
export function checkSubjectBrand(
  subject: string,
  sender: Sender | null,
  excused: boolean,
  out: Findings,
): void {
  if (excused || out.has('brand-in-sender-name')) return;
  if (!subjectHasLure(subject)) return;
  const brand = brandsNamedIn(subject).find((b) => !b.commonWord && !sendsAsBrand(b, sender));
  if (brand)
    out.add(
      'brand-in-subject',
      `the subject speaks for ${brand.name}, but the message comes from ${sender?.domain ?? 'no real domain'}, a domain ${brand.name} does not use`,
      `Subject: ${subject.slice(0, 160)}`,
    );
}
