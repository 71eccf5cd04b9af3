/**
 * QR-code phishing ("quishing"): account or document wording that sends the reader to a QR code
 * instead of a link, so that the address is opened on a phone, outside the mail filter's and the
 * company's protection. Reported by Microsoft Threat Intelligence and CISA (2023-2025) in MFA,
 * password-expiry and e-signature lures. The code itself is an image (or a PDF) with nothing to
 * read, so the signal is the wording: a QR code named next to a credential or document lure,
 * with no more than one web link. A sender that authenticates as the reader's own domain (its IT
 * department), or whose name, links and replies agree (a bank's app), is not judged.
 */
import type { Findings } from './catalog.js';
import type { ContactContext } from './contact-rules.js';
import { FREEMAIL } from './host-lists.js';
import { MAX_LURE_TEXT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { words } from './lure-rules.js';

const QR_WORDS: ReadonlySet<string> = new Set(phrases.qrCode.words);
const QR_CJK: readonly string[] = phrases.qrCode.cjk;
/** A QR lure has nothing to click; a newsletter with an app's QR code links to many pages. */
const QR_MAX_WEB_LINKS = 1;

/** The QR-code word of a text ("QR", "QR-Code", "QRコード"), or null. */
export function findQrWord(text: string): string | null {
  const cjk = QR_CJK.find((w) => text.includes(w));
  if (cjk !== undefined) return cjk;
  // Words only when the letters are there: most mail never says QR.
  if (!text.includes('qr') && !text.includes('QR') && !text.includes('Qr')) return null;
  return words(text).find((w) => QR_WORDS.has(w)) ?? null;
}

export function checkQrLure(context: ContactContext, out: Findings): void {
  const { sender, identity } = context;
  if (context.webLinks > QR_MAX_WEB_LINKS || identity.legitimate) return;
  if (!(out.has('credential-lure') || out.has('document-lure') || identity.mailboxAdmin !== null)) return;
  // The reader's own organisation writing about its QR sign-in; not anyone else at the reader's
  // free-mail provider (an authenticated gmail.com stranger writing to a gmail.com reader).
  const inside =
    identity.auth.domain !== null &&
    sender?.domain === identity.recipientDomain &&
    FREEMAIL.match(identity.recipientDomain) === null;
  if (inside) return;
  const qr = findQrWord(`${context.subject}\n${context.body.slice(0, MAX_LURE_TEXT_CHARS)}`);
  if (qr === null) return;
  out.add(
    'qr-code-lure',
    `account or document wording sends the reader to a QR code ("${qr}") instead of a link, to be opened on a phone outside the mail's protection`,
    qr,
  );
}
