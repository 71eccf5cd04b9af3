/**
 * Rules over who the message says it is from: the From display name against the address's
 * domain, Reply-To, and the Authentication-Results the receiving servers recorded (RFC 8601).
 */

import { addressParser } from 'postal-mime';
import { normaliseDomain } from '../core/domain.js';
import { type Address, headerValue, type ParsedMail } from '../mail/parse.js';
import { type Brand, brandsNamedIn, ownsDomain } from './brands.js';
import type { Findings } from './catalog.js';
import { FREEMAIL, freeMailboxOf, MAILING_LIST_LABELS, USER_CONTENT_HOSTING } from './host-lists.js';
import { MAX_AUTH_RESULTS_HEADERS } from './limits.js';
import { domainInfo, hostInText } from './url.js';

export interface Sender {
  name: string;
  address: string;
  /** Registrable domain of the address, or null when it has none (no @, no public suffix). */
  domain: string | null;
}

function firstMailbox(address: Address | undefined): { name: string; address: string } | null {
  if (!address) return null;
  if (address.group !== undefined) return address.group[0] ?? null;
  return { name: address.name ?? '', address: address.address ?? '' };
}

/** The first Reply-To address as written ('' when there is none, or it is a group). */
export function replyToAddress(mail: ParsedMail): string {
  const reply = mail.replyTo?.[0];
  return reply && 'address' in reply ? (reply.address ?? '') : '';
}

export function addressDomain(address: string): string | null {
  const at = address.lastIndexOf('@');
  if (at < 1) return null;
  const host = normaliseDomain(address.slice(at + 1));
  if (host === null) return null;
  const info = domainInfo(host);
  if (!info.isKnownSuffix) return null;
  // A host that is itself a (private) public suffix, such as iki.fi, is its own owner.
  return info.registrableDomain ?? host;
}

/** Separates the author from the list in a rewritten display name ("Gao Xiang via Linux-erofs"). */
const VIA = ' via ';

/**
 * The author of a message a mailing list re-sent under its own address to keep DMARC aligned
 * (Mailman's from_is_list, Google Groups): From "Author via List" <list@lists.example>, the
 * author kept in X-Original-From or Reply-To. The sender rules judge the author, not the list:
 * a scam posted to a list is the scammer's, and an author's free mailbox is not a reply trap.
 */
function listRewrittenAuthor(
  mail: ParsedMail,
  box: { name: string; address: string },
): { name: string; address: string } | null {
  const via = box.name.lastIndexOf(VIA);
  const list = via > 0 ? listDomain(mail) : null;
  if (list === null || addressDomain(box.address) !== list) return null;
  const original = headerValue(mail, 'x-original-from');
  const parsed = original !== null ? firstMailbox(addressParser(original)[0]) : null;
  const author = parsed?.address ? parsed : firstMailbox(mail.replyTo?.[0]);
  if (!author || author.address === '' || author.address.toLowerCase() === box.address.toLowerCase())
    return null;
  let name = box.name.slice(0, via).trim();
  if (name.length >= 2 && (name[0] === "'" || name[0] === '"') && name.at(-1) === name[0])
    name = name.slice(1, -1);
  return { name, address: author.address };
}

export function readSender(mail: ParsedMail): Sender | null {
  const box = firstMailbox(mail.from);
  if (!box) return null;
  const author = listRewrittenAuthor(mail, box) ?? box;
  return { name: author.name, address: author.address, domain: addressDomain(author.address) };
}

/**
 * Local parts a mail provider keeps for its own notices, whole ("noreply", Google's
 * "mail-noreply"): one word at most joined by a hyphen. A user's own address only containing the
 * word ("noreply.googleplay.help", "ms_no_reply_team") is not one of them.
 */
const PROVIDER_LOCAL_PART = /^(?:[a-z]+-)?(?:noreply|no-reply|no_reply|donotreply|do-not-reply)(?:-[a-z]+)?$/;

/**
 * True when a brand's mail could come from this address: the brand owns the domain, and the
 * domain is not one of the free mailboxes it gives anyone ("Google Play" <someone@gmail.com> is
 * a stranger; Google writes from google.com, or from a no-reply address it keeps for itself).
 */
export function sendsAsBrand(brand: Brand, sender: Sender | null): boolean {
  if (sender === null || !ownsDomain(brand, sender.domain)) return false;
  // Users get addresses at the provider's domain itself ("someone@gmail.com." too); a subdomain
  // (alerts.comcast.net) is the provider's own mail system.
  if (freeMailboxOf(sender.address) === null) return true;
  const local = sender.address.slice(0, sender.address.lastIndexOf('@')).toLowerCase();
  return PROVIDER_LOCAL_PART.test(local);
}

/** True when the From address is also a recipient: a self-addressed message or an anonymised sample. */
function isSelfAddressed(mail: ParsedMail, sender: Sender): boolean {
  const from = sender.address.toLowerCase();
  return from !== '' && (mail.to ?? []).some((a) => a.address?.toLowerCase() === from);
}

/**
 * Sender rules. `excuseBrand`: the sender is an authenticated bulk sender named like its own
 * domain (identity-rules.ts), so a brand in its name is the brand's own mail from a domain the
 * table does not list.
 */
export function checkSender(
  mail: ParsedMail,
  sender: Sender | null,
  out: Findings,
  excuseBrand = false,
): void {
  // A From equal to the recipient's own address is judged on the other rules: anonymisers and
  // forwarding tools rewrite such addresses, so its form says nothing about the real sender.
  if (sender === null || (sender.domain === null && !isSelfAddressed(mail, sender))) {
    const shown = sender ? `${sender.name} <${sender.address}>`.trim() : '(no From header)';
    out.add('sender-address-invalid', 'the From address is missing or is not a real address', shown);
  }
  if (sender === null) return;
  const at = sender.address.lastIndexOf('@');
  const platform = at > 0 ? USER_CONTENT_HOSTING.match(sender.address.slice(at + 1).toLowerCase()) : null;
  if (platform)
    out.add(
      'sender-on-shared-hosting',
      `the sender's address is on ${platform}, a platform anyone can sign up to, not an organisation's own domain`,
      sender.address,
    );
  // A display name that is empty or the address itself leaves the mailbox name to speak
  // ("Amazon.co.jp@evil.example"): its words count, everyday-word brands excepted.
  const local = sender.address.slice(0, Math.max(0, sender.address.lastIndexOf('@')));
  const bare = sender.name === '' || sender.name === sender.address;
  const named = bare ? brandsNamedIn(local).filter((b) => !b.commonWord) : brandsNamedIn(sender.name);
  for (const brand of excuseBrand ? [] : named) {
    if (sendsAsBrand(brand, sender)) continue;
    const where = sender.domain ?? (sender.address || 'no real domain');
    out.add(
      'brand-in-sender-name',
      ownsDomain(brand, sender.domain)
        ? `the sender's name says ${brand.name}, but the address is one of the free mailboxes ${brand.name} gives anyone at ${where}, not ${brand.name}'s own mail`
        : `the sender's name says ${brand.name}, but the address is at ${where}, a domain ${brand.name} does not use`,
      `${sender.name} <${sender.address}>`,
    );
    break;
  }
  checkReplyTo(mail, sender, out);
  checkShownAddress(mail, out);
}

/** The address-like word of a display name (`Parkside@Lidl.de` in `"Parkside@Lidl.de" <x@y>`). */
function addressIn(text: string): string | null {
  for (const word of text.split(' ')) if (word.includes('@') && addressDomain(word) !== null) return word;
  return null;
}

/** Titles that end with a dot before a name ("Mr.Bond" is not the domain mr.bond). */
const NAME_TITLES = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'rev', 'sr', 'jr']);

const WRAPPERS = '()"\'[],;:';

function trimPunctuation(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && WRAPPERS.includes(word[start]!)) start++;
  while (end > start && WRAPPERS.includes(word[end - 1]!)) end--;
  return word.slice(start, end);
}

/** A domain name written as a word of a display name ("eki.net", "IT-lists.example.org"), as `x@domain`. */
function domainIn(text: string): string | null {
  for (const raw of text.split(' ')) {
    const word = trimPunctuation(raw);
    if (!word.includes('.') || word.includes('@')) continue;
    const host = hostInText(word);
    const registrable = host === null ? null : domainInfo(host).registrableDomain;
    if (registrable === null) continue;
    const label = registrable.slice(0, registrable.indexOf('.'));
    if (label.length >= 3 && !NAME_TITLES.has(label)) return `@${registrable}`;
  }
  return null;
}

/**
 * The From shows an address on one domain while the mailbox is on another: either as the display
 * name (`"service@bank.example" <x@elsewhere>`) or as a second mailbox in one From header, which
 * many mail programs show first (RFC 5322 §3.6.2 wants a Sender header then; spammers omit it).
 */
function checkShownAddress(mail: ParsedMail, out: Findings): void {
  const raw = headerValue(mail, 'from');
  if (raw === null) return;
  const boxes = addressParser(raw, { flatten: true }).filter(
    (b) => b.address !== undefined && b.address !== '',
  );
  const real = boxes[boxes.length - 1];
  if (!real?.address) return;
  const realDomain = addressDomain(real.address);
  const shown =
    boxes.length > 1 ? (boxes[0]?.address ?? null) : (addressIn(real.name) ?? domainIn(real.name));
  if (shown === null || realDomain === null) return;
  const shownDomain = shown.startsWith('@') ? shown.slice(1) : addressDomain(shown);
  if (shownDomain === null || shownDomain === realDomain) return;
  // A domain in the name is weaker than an address: newsletters sign as "News.com" from an ESP.
  const domainOnly = shown.startsWith('@');
  out.add(
    domainOnly ? 'sender-name-shows-domain' : 'sender-shows-other-address',
    `the sender shows ${domainOnly ? `the domain ${shown.slice(1)}` : `the address ${shown}`}, but the message comes from ${real.address}`,
    `From: ${raw.slice(0, 200)}`,
  );
}

/** The first label of an address's host (`groups` of x@groups.msn.com). */
function hostLabel(address: string): string {
  const host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return host.slice(0, host.indexOf('.') >>> 0);
}

function checkReplyTo(mail: ParsedMail, sender: Sender, out: Findings): void {
  const reply = firstMailbox(mail.replyTo?.[0]);
  if (!reply || reply.address === '') return;
  const domain = addressDomain(reply.address);
  if (domain === null || reply.address.toLowerCase() === sender.address.toLowerCase()) return;
  // Replies to a free mailbox other than the sender's own: the answer goes to someone else. A
  // mailing list run by a webmail provider (groups.msn.com) is the list, not a mailbox.
  const listHost = MAILING_LIST_LABELS.has(hostLabel(reply.address));
  if (FREEMAIL.match(domain) && !listHost) {
    out.add(
      'reply-to-freemail',
      `replies go to ${reply.address}, a free webmail mailbox, not to the sender's ${sender.address || 'address'}`,
      `Reply-To: ${reply.address}`,
    );
    return;
  }
  if (domain === sender.domain) return;
  // Lists set Reply-To to themselves, or rewrite From to themselves and keep the author in
  // Reply-To (DMARC mitigation): either way one side is the list, and that is ordinary.
  const list = listDomain(mail);
  const viaList = list !== null && (domain === list || sender.domain === list);
  out.add(
    viaList || list === null ? 'reply-to-other-domain' : 'reply-to-elsewhere',
    `replies go to ${domain}, not to the sender's domain ${sender.domain ?? ''}`.trim(),
    `Reply-To: ${reply.address}`,
  );
}

/** The registrable domain of the mailing list the message came through (List-Id, RFC 2919), or null. */
export function listDomain(mail: ParsedMail): string | null {
  const id = headerValue(mail, 'list-id');
  if (id === null) return null;
  const open = id.lastIndexOf('<');
  const close = id.lastIndexOf('>');
  const value = open >= 0 && close > open ? id.slice(open + 1, close) : id.trim();
  const info = domainInfo(value.toLowerCase());
  return info.registrableDomain;
}

/** `method=result` pairs of an Authentication-Results value, in order (RFC 8601 §2.2). */
export function authResults(value: string): Array<{ method: string; result: string }> {
  const out: Array<{ method: string; result: string }> = [];
  const lower = value.toLowerCase();
  for (const method of ['spf', 'dkim', 'dmarc', 'compauth']) {
    let at = lower.indexOf(`${method}=`);
    while (at >= 0) {
      const before = at === 0 ? ' ' : lower[at - 1]!;
      if (before === ' ' || before === ';' || before === '\t' || before === '\n' || before === '\r') {
        let end = at + method.length + 1;
        while (end < lower.length && lower.charCodeAt(end) >= 97 && lower.charCodeAt(end) <= 122) end++;
        out.push({ method, result: lower.slice(at + method.length + 1, end) });
      }
      at = lower.indexOf(`${method}=`, at + 1);
    }
  }
  return out;
}

const AUTH_RULES = {
  dmarc: { rule: 'dmarc-fail', fails: ['fail'], words: 'DMARC failed' },
  compauth: { rule: 'composite-auth-fail', fails: ['fail'], words: 'composite authentication failed' },
  spf: { rule: 'spf-fail', fails: ['fail', 'softfail'], words: 'SPF failed' },
  dkim: { rule: 'dkim-fail', fails: ['fail'], words: 'the DKIM signature failed' },
} as const;

/** The DMARC result carries the domain's policy `p=none` (Gmail, Fastmail, ozlabs write it in a comment). */
function unenforced(value: string): boolean {
  const lower = value.toLowerCase();
  const at = lower.indexOf('dmarc=');
  if (at < 0) return false;
  const rest = lower.slice(at, at + 120);
  const end = rest.indexOf(';');
  const segment = end < 0 ? rest : rest.slice(0, end);
  return segment.includes('p=none') || segment.includes('action=none');
}

/**
 * Failures recorded in the topmost Authentication-Results headers, the ones the receiving side
 * added. A forger can add headers below them, but only to claim a pass, never a failure.
 */
export function checkAuthentication(mail: ParsedMail, sender: Sender | null, out: Findings): void {
  let read = 0;
  for (const header of mail.headers) {
    if (header.key !== 'authentication-results') continue;
    if (read++ >= MAX_AUTH_RESULTS_HEADERS) break;
    for (const { method, result } of authResults(header.value)) {
      const spec = AUTH_RULES[method as keyof typeof AUTH_RULES];
      if (!(spec.fails as readonly string[]).includes(result)) continue;
      const whose = sender?.domain ? ` for ${sender.domain}` : '';
      if (method === 'dmarc' && unenforced(header.value)) {
        // p=none: the owner asks for reports only; mailing lists and forwarders fail such domains daily.
        out.add(
          'dmarc-fail-unenforced',
          `the receiving server recorded that DMARC failed${whose}, whose owner publishes no enforcing policy (p=none)`,
          `${method}=${result} p=none`,
        );
        continue;
      }
      out.add(spec.rule, `the receiving server recorded that ${spec.words}${whose}`, `${method}=${result}`);
    }
  }
}
