/**
 * Structure of a lure rather than its brand: where the message wants the reader to go, measured
 * against who sent it. A reply trap (a first contact whose only way back is a Reply-To on another
 * domain), a short first contact worded only to get an answer, account or document wording that
 * sends the reader to a third site from an address nothing vouches for, business documents from a
 * free mailbox, an internal department writing from outside, a throwaway cloud tenant's DKIM
 * signature, and senders or subjects made of mass-mailer template junk ("undefined"). No brand
 * table needed; all word and domain lists are data (lure-phrases.json, freemail-domains.json).
 */
import { headerValue, type ParsedMail } from '../mail/parse.js';
import type { Findings, RuleId } from './catalog.js';
import { FREE_TENANTS, freeMailboxOf } from './host-lists.js';
import { foreignLinks, type Identity, nameFitsHost, nameLabel, sameName } from './identity-rules.js';
import { loneLureAnchor } from './lure-anchor.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { buildIndex, findPhrases, words } from './lure-rules.js';
import { listDomain, type Sender } from './sender-rules.js';
import { checkShareLink } from './share-rules.js';
import type { Link } from './types.js';

/** Web links (besides common sites) a reply-only first contact may carry: a list footer, a signature. */
const REPLY_TRAP_MAX_WEB_LINKS = 1;

/** Other domains a lure links to: one destination; a digest or a discussion links to several. */
const LURE_MAX_FOREIGN_DOMAINS = 1;

/** Web links a lure carries at most; newsletters and digests carry dozens. */
const LURE_MAX_WEB_LINKS = 10;

/** A first contact this short (characters of body, a list footer included) is all opener. */
const BAIT_MAX_BODY_CHARS = 1200;
const REPLY_BAIT = buildIndex(phrases.replyBait);
/** Openers no ordinary first contact uses ("hello dear"): one is enough from a free mailbox. */
const REPLY_BAIT_STRONG: ReadonlySet<string> = new Set(phrases.replyBaitStrong);

const DEPARTMENTS: ReadonlySet<string> = new Set(phrases.internalDepartments.words);
const CJK_DEPARTMENTS: readonly string[] = phrases.internalDepartments.cjk;
/** Characters a CJK department name may carry besides the department word (a company prefix). */
const CJK_DEPARTMENT_SLACK = 4;

const JUNK_EXACT: ReadonlySet<string> = new Set(phrases.templateJunk.exact);
/** Merge-field names a mass mailer leaves unfilled ({{first_name}}, %email%, [name]). */
const JUNK_FIELDS: ReadonlySet<string> = new Set(phrases.templateJunk.fields);
/** Opening and closing marks of a merge field, in pairs. */
const FIELD_MARKS: ReadonlyArray<readonly [string, string]> = [
  ['{{', '}}'],
  ['{', '}'],
  ['%', '%'],
  ['[', ']'],
  ['#', '#'],
  ['$', ''],
];

/** Attachment findings that make a business document from a free mailbox worth a second look. */
const RISKY_ATTACHMENT_SIGNS: readonly RuleId[] = [
  'risky-attachment',
  'double-extension',
  'dangerous-attachment',
  'macro-document',
  'archive-with-program',
  'html-attachment',
  'credential-form',
  'opaque-archive-lure',
  'legacy-office-lure',
];

const REPLY_ELSEWHERE: readonly RuleId[] = [
  'reply-to-freemail',
  'reply-to-elsewhere',
  'reply-to-other-domain',
];

export interface ContactContext {
  mail: ParsedMail;
  /** The body's text (HTML as text, or the text part). */
  body: string;
  sender: Sender | null;
  identity: Identity;
  subject: string;
  links: readonly Link[];
  /** Web links to sites other than common ones (social networks, app stores). */
  webLinks: number;
  attachments: number;
}

export function checkContact(context: ContactContext, out: Findings): void {
  const { sender, identity } = context;
  // A recognised or DMARC-aligned sender's own mail: an issue title may quote a template, and an
  // organisation's Microsoft 365 tenant signs with <tenant>.onmicrosoft.com until it sets up DKIM.
  const vouched = identity.legitimate || identity.auth.how === 'dmarc';
  if (!vouched) checkTemplateJunk(sender?.name ?? '', context.subject, out);
  if (sender === null || sender.domain === null) return;
  // A DMARC-aligned From under a rented tenant still counts when the sender's address is machine-made.
  if (!identity.legitimate && (!vouched || out.has('random-looking-sender')))
    checkTenantSignature(sender, identity, out);
  if (identity.legitimate) return;
  const unauthenticated = identity.auth.domain === null;
  // DMARC or an aligned DKIM signature proves the From address; SPF alone proves the envelope.
  const proven = identity.auth.how === 'dmarc' || identity.auth.how === 'dkim';
  // Only the Reply-To is a real way back: nothing authenticates the From address, nothing to click.
  if (
    unauthenticated &&
    context.webLinks <= REPLY_TRAP_MAX_WEB_LINKS &&
    !isReply(context.mail) &&
    (out.has('reply-to-elsewhere') || out.has('reply-to-other-domain')) &&
    !out.has('reply-to-freemail')
  )
    out.add(
      'reply-only-contact',
      `nothing authenticates ${sender.address}, the message gives nothing to click, and replies go to another domain`,
      sender.address,
    );
  if (context.attachments === 0 && context.webLinks <= REPLY_TRAP_MAX_WEB_LINKS && !isReply(context.mail))
    checkReplyBait(context, out);
  const lure = out.has('credential-lure') || out.has('document-lure');
  const free = FREE_TENANTS.match(sender.domain) ?? freeMailboxOf(sender.address);
  // An authenticated company domain is the company's own department (a vendor's help desk, an HR
  // service's notifications); only an unauthenticated or free address is posing as one.
  if (lure && (!proven || free !== null)) checkInternalDepartment(sender, identity, out);
  // A lure sends the reader to one site; a digest or a discussion links to several.
  // The footer a mailing list appends links to the list's own site, not to the sender's lure.
  const list = listDomain(context.mail);
  const links = list === null ? context.links : context.links.filter((l) => l.registrableDomain !== list);
  const foreign =
    context.webLinks <= LURE_MAX_WEB_LINKS
      ? foreignLinks(links, sender.domain, LURE_MAX_FOREIGN_DOMAINS + 1)
      : [];
  const link =
    foreign.length <= LURE_MAX_FOREIGN_DOMAINS
      ? foreign[0]
      : (loneLureAnchor(links, sender.domain) ?? undefined);
  // Only an address nothing authenticates: an authenticated person sharing a document on a
  // storage service is how colleagues and partners work.
  if (lure && unauthenticated && link !== undefined && !out.has('organisation-link-elsewhere'))
    out.add(
      'lure-link-elsewhere',
      `account or document wording from ${sender.domain}, which nothing authenticates, sends the reader to ${link.registrableDomain}, another domain`,
      link.href.slice(0, 300),
    );
  checkShareLink(sender.name, sender.domain, identity, link, out);
  const business = out.has('document-lure') || out.has('callback-lure');
  // A tradesman invoicing from his own authenticated gmail is ordinary; it takes a second sign
  // (replies elsewhere, a link to another site, a risky attachment) or a free address whose mail
  // is not authenticated.
  const second =
    REPLY_ELSEWHERE.some((id) => out.has(id)) ||
    link !== undefined ||
    RISKY_ATTACHMENT_SIGNS.some((id) => out.has(id));
  const freeSuspect = free !== null && (!proven || second);
  if (business && (freeSuspect || (unauthenticated && context.attachments > 0)))
    out.add(
      'document-lure-unverified',
      free !== null
        ? `invoice, order or document wording from ${free}, a free mailbox, not a company's own domain`
        : `invoice, order or document wording with an attachment from ${sender.domain}, which nothing authenticates`,
      sender.address,
    );
}

/**
 * A short first contact worded only to get an answer: one opener with replies going elsewhere,
 * one scam idiom ("hello dear") or two openers from a free mailbox, or two openers from anyone
 * nothing authenticates.
 */
function checkReplyBait(context: ContactContext, out: Findings): void {
  const { sender, identity } = context;
  if (sender === null || sender.domain === null || context.body.length > BAIT_MAX_BODY_CHARS) return;
  const found = findPhrases(words(`${context.subject}\n${context.body}`), REPLY_BAIT);
  if (found.length === 0) return;
  const free = freeMailboxOf(sender.address) !== null || FREE_TENANTS.match(sender.domain) !== null;
  const elsewhere = REPLY_ELSEWHERE.some((id) => out.has(id));
  const strong = free && found.some((p) => REPLY_BAIT_STRONG.has(p));
  const enough = elsewhere || strong || (found.length >= 2 && (free || identity.auth.domain === null));
  if (!enough) return;
  out.add(
    'reply-bait',
    `a short first contact with nothing to click, worded only to get an answer ("${found.slice(0, 2).join('", "')}")`,
    found.slice(0, 5).join(', '),
  );
}

/**
 * A trial cloud tenant (`x7k2.onmicrosoft.com`) signed a message whose From is another domain,
 * and the tenant is named neither like that domain nor like the sender: bulk senders rent
 * throwaway tenants and write any From. An organisation's own tenant carries its name
 * (silabs.onmicrosoft.com for silabs.com).
 */
function checkTenantSignature(sender: Sender, identity: Identity, out: Findings): void {
  if (sender.domain === null || FREE_TENANTS.match(sender.domain) !== null) return;
  const own = nameLabel(sender.domain);
  for (const signer of identity.auth.dkimSigners) {
    if (FREE_TENANTS.match(signer) === null) continue;
    const tenant = signer.slice(0, signer.indexOf('.'));
    if (sameName(tenant, own) || nameFitsHost(sender.name, signer)) continue;
    out.add(
      'free-tenant-signature',
      `the message from ${sender.domain} was signed by ${signer}, a trial cloud-mail tenant named like neither the sender nor its domain`,
      `dkim=pass header.d=${signer}`,
    );
    return;
  }
}

/** The department a display name is and nothing else ("Payroll Department", "财务部"), or null. */
export function departmentName(name: string): string | null {
  const trimmed = name.trim();
  const lower = words(trimmed).join(' ');
  if (DEPARTMENTS.has(lower)) return trimmed;
  const cjk = CJK_DEPARTMENTS.find((d) => trimmed.includes(d));
  return cjk !== undefined && trimmed.length <= cjk.length + CJK_DEPARTMENT_SLACK ? trimmed : null;
}

/** A department of the reader's own organisation writing from another domain, with a lure. */
function checkInternalDepartment(sender: Sender, identity: Identity, out: Findings): void {
  const to = identity.recipientDomain;
  if (to === null || sender.domain === null || sender.domain === to) return;
  const department = departmentName(sender.name);
  if (department === null) return;
  out.add(
    'internal-department-foreign',
    `the sender calls itself "${department}", a department of the reader's own organisation, but writes from ${sender.domain}, not from ${to}`,
    `${sender.name} <${sender.address}> -> ${to}`,
  );
}

/** An answer in a thread (In-Reply-To or References), not a first contact. */
function isReply(mail: ParsedMail): boolean {
  return headerValue(mail, 'in-reply-to') !== null || headerValue(mail, 'references') !== null;
}

/** True when the text is one merge field of a known name ("{{ first_name }}", "%email%", "[name]"). */
export function isMergeField(text: string): boolean {
  for (const [open, close] of FIELD_MARKS) {
    if (!text.startsWith(open) || !text.endsWith(close) || text.length <= open.length + close.length)
      continue;
    const field = text.slice(open.length, text.length - close.length).trim();
    if (JUNK_FIELDS.has(field)) return true;
  }
  return false;
}

/** The leading or trailing whitespace-separated piece of a subject that is a merge field, or null. */
function edgeMergeField(text: string): string | null {
  const parts = text.split(/\s+/);
  // "{{ first_name }}" spans three pieces; try one to three at each end.
  for (let n = 1; n <= Math.min(3, parts.length); n++) {
    const head = parts
      .slice(0, n)
      .join(' ')
      .replace(/[,:;!.]+$/, '');
    if (isMergeField(head)) return head;
    const tail = parts
      .slice(parts.length - n)
      .join(' ')
      .replace(/[,:;!.?]+$/, '');
    if (isMergeField(tail)) return tail;
  }
  return null;
}

/**
 * A display name or subject that is a mass mailer's unfilled template: a name that is only a
 * script value ("undefined") or a merge field, a subject that is one or starts or ends with one
 * ("{{first_name}}, your order"). A quoted "{{ template }}" inside an issue title is not one.
 */
function checkTemplateJunk(name: string, subject: string, out: Findings): void {
  for (const [what, text] of [
    ['sender name', name],
    ['subject', subject],
  ] as const) {
    const lower = text.trim().toLowerCase();
    if (lower === '') continue;
    const junk =
      JUNK_EXACT.has(lower) || isMergeField(lower) || (what === 'subject' && edgeMergeField(lower) !== null);
    if (junk) {
      out.add(
        'template-junk',
        `the ${what} is an unfilled mail-merge template ("${text.trim().slice(0, 60)}")`,
        text.trim().slice(0, 120),
      );
      return;
    }
  }
}
