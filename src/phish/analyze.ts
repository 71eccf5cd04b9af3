/**
 * The phishing analysis of one message: parse (src/mail/parse.ts), collect links, run the link,
 * sender, authentication, attachment and wording rules, then weigh the findings into a verdict.
 * Offline and pure: bytes in, a PhishReport out.
 */
import { type ParsedMail, parseMessage } from '../mail/parse.js';
import { authenticatedDomains, checkAccountNotice, linksStayOwn } from './account-notice.js';
import { checkAttachmentCard } from './attachment-card.js';
import { checkAttachments } from './attachment-rules.js';
import { readAuthentication } from './auth.js';
import { type Brand, brandsNamedIn } from './brands.js';
import { Findings } from './catalog.js';
import { checkContactAddress } from './contact-address.js';
import { checkContact } from './contact-rules.js';
import { checkCryptoClaim } from './crypto-rules.js';
import { checkFormRelay } from './form-rules.js';
import { COMMON_LINK_HOSTS, ESPS, REWRITERS } from './host-lists.js';
import { type HtmlScan, scanHtml } from './html-scan.js';
import {
  assessIdentity,
  checkIdentity,
  checkLegitimacy,
  checkOrganisationLinks,
  checkSpoofedBrand,
  checkSubjectBrand,
  relaysNamedBrand,
} from './identity-rules.js';
import {
  MAX_ATTACHMENTS,
  MAX_HTML_CHARS,
  MAX_LINKS,
  MAX_LURE_TEXT_CHARS,
  MAX_SUBJECT_CHARS,
  MAX_TEXT_CHARS,
} from './limits.js';
import { checkLinks } from './link-rules.js';
import { collectLinks, type LinkSet } from './links.js';
import { countListLinks, listManagerHosts } from './list-footer.js';
import { checkLures } from './lure-rules.js';
import { sendsAsMember, sendsFromCountryDomain } from './member-domains.js';
import { checkOffscreen } from './offscreen-rules.js';
import { checkPaymentDiversion } from './payment-diversion.js';
import { checkQrLure } from './qr-rules.js';
import { checkRecipientAddress } from './recipient-rules.js';
import { checkAdvanceFee, checkScamStyleSender } from './scam-rules.js';
import { checkAuthentication, checkSender, readSender, type Sender } from './sender-rules.js';
import { checkRecipientNameLink } from './signup-rules.js';
import { checkDisguisedText, checkRandomTokens } from './text-rules.js';
import { quotesEarlierMail } from './thread-reply.js';
import type { Link, PhishReport } from './types.js';
import { decideVerdict, explainVerdict } from './verdict.js';

/** Below this many visible characters an HTML body with a linked image says nothing in words. */
const IMAGE_ONLY_MAX_TEXT_CHARS = 40;

function checkForms(html: HtmlScan, out: Findings): void {
  // Search and subscribe boxes are common in newsletters; a password field never is.
  for (const form of html.forms) {
    if (form.passwordFields > 0)
      out.add(
        'credential-form',
        'the message holds a form that asks for a password',
        form.action || '(no action)',
      );
  }
}

/** The sender's domain, unless a finding already says the sender is not who it claims. */
function trustedSenderDomain(sender: Sender | null, out: Findings): string | null {
  const forged = ['brand-in-sender-name', 'dmarc-fail', 'spf-fail', 'composite-auth-fail'] as const;
  if (sender === null || forged.some((rule) => out.has(rule))) return null;
  return sender.domain;
}

/**
 * Redirectors to another domain; a redirector of an authenticated sender's own domains to another
 * of them (x.com to twitter.com: its click log) is not one.
 */
function checkRedirects(set: LinkSet, own: ReadonlySet<string>, out: Findings): void {
  for (const [via, target] of set.redirects) {
    if (REWRITERS.match(via.host)) continue;
    if (own.has(via.registrableDomain ?? '') && own.has(target.registrableDomain ?? '')) continue;
    out.add(
      'redirector-link',
      `a link passes through ${via.host} to ${target.host ?? target.href}, another domain`,
      via.href.slice(0, 300),
    );
  }
}

function checkImageOnly(html: HtmlScan | null, text: string, out: Findings): void {
  if (!html || html.images === 0 || html.textChars > IMAGE_ONLY_MAX_TEXT_CHARS) return;
  if (text.trim().length > IMAGE_ONLY_MAX_TEXT_CHARS) return;
  if (html.links.some((l) => l.source === 'a' && l.href.startsWith('http')))
    out.add(
      'image-only-link',
      'the message is little more than a linked image',
      `${html.textChars} characters of text`,
    );
}

/**
 * Content past a limit was not read, so the verdict cannot rest on it: a lure placed after a
 * million characters of padding must not come out clean. The size itself is the finding.
 */
function checkSize(html: HtmlScan | null, set: LinkSet, attachments: number, out: Findings): void {
  const why: string[] = [];
  if (html?.truncated)
    why.push(`HTML over ${MAX_HTML_CHARS.toLocaleString('en')} characters or ${MAX_LINKS} links`);
  else if (set.truncated)
    why.push(`text over ${MAX_TEXT_CHARS.toLocaleString('en')} characters or ${MAX_LINKS} links`);
  if (attachments > MAX_ATTACHMENTS) why.push(`${attachments} attachments`);
  if (why.length > 0)
    out.add(
      'beyond-limits',
      `the message is padded beyond the analysis limits (${why.join(', ')}); what lies past them was not checked`,
      why.join(', '),
    );
}

/**
 * Every web link goes to a named brand's own domains, a tracker or a common site, at least one to
 * the brand, and none to the sender's own domain: the sender sends the reader nowhere of its own.
 */
function linksOnlyToBrand(links: readonly Link[], brands: readonly Brand[], own: string | null): boolean {
  if (brands.length === 0) return false;
  let toBrand = 0;
  for (const link of links) {
    if (link.host === null || link.source === 'redirect-target') continue;
    const domain = link.registrableDomain;
    if (domain !== null && brands.some((b) => b.domains.includes(domain))) {
      toBrand++;
      continue;
    }
    if (domain === own) return false;
    if (REWRITERS.match(link.host) || COMMON_LINK_HOSTS.match(link.host) || ESPS.match(link.host)) continue;
    return false;
  }
  return toBrand > 0;
}

/** Analyses an already parsed message. */
export function analyzeParsed(mail: ParsedMail): PhishReport {
  const out = new Findings();
  // The rules read the subject's opening only: a megabyte-long subject is no longer a sentence.
  const subject = (mail.subject ?? '').slice(0, MAX_SUBJECT_CHARS);
  const html = mail.html ? scanHtml(mail.html) : null;
  const set = collectLinks(html, mail.text);
  const sender = readSender(mail);
  const brands = sender ? brandsNamedIn(sender.name) : [];
  const auth = readAuthentication(mail, sender?.domain ?? null);
  const identity = assessIdentity(mail, sender, auth, set.links, brands);
  const own = authenticatedDomains(sender, identity);
  // A brand named by an authenticated bulk sender whose domain spells its name is the brand's own
  // mail from a domain the table lacks; a hyphenated domain (brand-support.example) is only when
  // its links all lead to the named brand's own sites (and trackers), none to the sender's domain.
  const excuseBrand =
    (identity.legitimate &&
      identity.bulk &&
      ((identity.nameFitsDomain && !(sender?.domain ?? '').includes('-')) ||
        linksOnlyToBrand(set.links, brands, sender?.domain ?? null))) ||
    relaysNamedBrand(mail, sender, identity, brands, set.links) ||
    sendsAsMember(sender?.name ?? '', sender?.domain ?? null, identity, brands) ||
    sendsFromCountryDomain(sender?.domain ?? null, identity, brands, set.links);
  if (mail.parseError === undefined) checkSender(mail, sender, out, excuseBrand);
  else
    out.add(
      'malformed-structure',
      'the message is built in a way the parser refuses to follow',
      mail.parseError,
    );
  checkAuthentication(mail, sender, out);
  checkSpoofedBrand(sender, out);
  checkIdentity(sender, identity, brands, out);
  checkDisguisedText(sender?.name ?? '', subject, out);
  checkRandomTokens(sender?.address ?? '', subject, out, sender?.name ?? '');
  checkLinks(
    set.links,
    trustedSenderDomain(sender, out),
    out,
    excuseBrand ? (sender?.domain ?? null) : null,
    html === null,
    own,
  );
  checkRedirects(set, own, out);
  checkAttachmentCard(set.links, sender?.domain ?? null, own, identity, out);
  if (html) checkForms(html, out);
  checkOffscreen(mail.html, out);
  checkImageOnly(html, mail.text ?? '', out);
  const attachments = checkAttachments(mail.attachments, out);
  // A relaying list's own pages (its listinfo footer) are no link of the sender's.
  const webLinks =
    set.links.filter((l) => l.host !== null && !COMMON_LINK_HOSTS.match(l.host)).length -
    countListLinks(set.links, listManagerHosts(mail));
  const body = html ? html.text : (mail.text ?? '');
  const personalSender = identity.auth.domain !== null && !identity.claimsOrganisation;
  const ownLinksOnly = own.size > 0 && linksStayOwn(set.links, own);
  checkLures(
    { subject, body, webLinks, personalSender, ownLinksOnly, authenticated: identity.auth.domain !== null },
    out,
  );
  // An authenticated organisation whose links all stay on its own domains writes receipts and
  // statements (a donation receipt, a loan statement), not a first contact asking for a reply; a
  // person's name on a domain of its own with one link to itself ("James Okoro" writing of a
  // next of kin's millions) is no such sender (review).
  if (!(ownLinksOnly && webLinks > 0 && !personalSender))
    checkAdvanceFee(subject, body.slice(0, MAX_LURE_TEXT_CHARS), webLinks, out, quotesEarlierMail(mail));
  // The same text as checkLures reads, so that its word split is reused.
  const lureText = `${subject}\n${body.slice(0, MAX_LURE_TEXT_CHARS)}`;
  checkCryptoClaim(lureText, identity, webLinks, out);
  checkPaymentDiversion(lureText, out);
  if (sender) checkScamStyleSender(sender.name, out);
  checkSize(html, set, mail.attachments.length, out);
  checkSubjectBrand(subject, sender, excuseBrand, out);
  checkOrganisationLinks(subject, sender, identity, set.links, brands, out);
  const contact = {
    mail,
    body,
    sender,
    identity,
    subject,
    links: set.links,
    webLinks,
    attachments: attachments.length,
  };
  checkContact(contact, out);
  checkQrLure(contact, out);
  checkFormRelay(contact, out);
  checkRecipientNameLink(mail, body, out);
  checkRecipientAddress(mail, sender, identity, body, out);
  checkContactAddress(mail, sender, identity, body, out);
  checkAccountNotice({ mail, sender, identity, links: set.links, text: lureText, own }, out);
  checkLegitimacy(identity, out);
  const findings = out.list();
  const hasDestination =
    webLinks > 0 || attachments.length > 0 || out.has('callback-lure') || (mail.replyTo?.length ?? 0) > 0;
  const { verdict, score } = decideVerdict(findings, { hasDestination });
  const truncated: string[] = [];
  if (html?.truncated || set.truncated) truncated.push('links or HTML beyond the limits were not read');
  const report: PhishReport = {
    verdict,
    score,
    explanation: explainVerdict(verdict, findings),
    findings,
    links: set.links,
    subject: mail.subject ?? '',
    from: sender ? `${sender.name} <${sender.address}>`.trim() : '',
    attachments,
    truncated,
  };
  if (mail.parseError !== undefined) report.parseError = mail.parseError;
  return report;
}

/**
 * @example
 * const report = await analyzeMessage(bytes);
 * report.verdict; // 'phishing'
 * report.findings[0].detail; // 'the link text shows update.microsoft.com, but ...'
 */
export async function analyzeMessage(bytes: Uint8Array): Promise<PhishReport> {
  return analyzeParsed(await parseMessage(bytes));
}
