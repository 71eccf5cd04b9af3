/**
 * A first contact that asks to be answered somewhere else: the body gives a free mailbox that is
 * neither the sender's, the reader's nor the Reply-To ("write to my private email
 * mrs.jones@gmail.com"). Advance-fee and recovery scams move the talk to a mailbox the sending
 * account does not show; an organisation's mail gives its own addresses. A reply (quoted mail,
 * patch tags) and an authenticated, consistent sender are not judged. One pass over the '@'s of
 * the body's opening, no regex.
 */
import { headerValue, type ParsedMail } from '../mail/parse.js';
import type { Findings } from './catalog.js';
import { FREEMAIL } from './host-lists.js';
import type { Identity } from './identity-rules.js';
import type { Sender } from './sender-rules.js';

/** The opening of the body searched (a scam gives its address early; long mail is not a first contact). */
const CONTACT_WINDOW_CHARS = 3000;
/** Addresses looked at, at most (a list of addresses is a directory, not a contact). */
const MAX_ADDRESSES = 5;
/** Where quoted mail starts: an address after one of these belongs to someone quoted. */
const QUOTE_MARKS = [
  'wrote:',
  'schrieb:',
  'a écrit',
  'escribió:',
  'escreveu:',
  '-----original message',
  '\n>',
];

export function isAddressChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 46 || // .
    code === 45 || // -
    code === 95 || // _
    code === 43 // +
  );
}

/** The addresses of a text, lower case, in order, at most MAX_ADDRESSES. */
export function addressesIn(text: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf('@'); at >= 0 && out.length < MAX_ADDRESSES; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && isAddressChar(text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && isAddressChar(text.charCodeAt(end))) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    const domain = text.slice(at + 1, end);
    if (start < at && domain.includes('.')) out.push(text.slice(start, end).toLowerCase());
  }
  return out;
}

function openingBeforeQuote(body: string): string {
  let text = body.slice(0, CONTACT_WINDOW_CHARS);
  const lower = text.toLowerCase();
  for (const mark of QUOTE_MARKS) {
    const at = lower.indexOf(mark);
    if (at >= 0 && at < text.length) text = text.slice(0, at);
  }
  return text;
}

export function checkContactAddress(
  mail: ParsedMail,
  sender: Sender | null,
  identity: Identity,
  body: string,
  out: Findings,
): void {
  if (sender === null || identity.legitimate) return;
  // Most mail has no address in its text: nothing to lower-case or scan.
  if (body.indexOf('@') < 0 || body.indexOf('@') >= CONTACT_WINDOW_CHARS) return;
  if (headerValue(mail, 'in-reply-to') !== null || headerValue(mail, 'references') !== null) return;
  const known = new Set<string>([sender.address.toLowerCase()]);
  for (const list of [mail.to, mail.cc, mail.replyTo])
    for (const entry of list ?? [])
      for (const box of entry.group ?? [entry]) known.add((box.address ?? '').toLowerCase());
  for (const address of addressesIn(openingBeforeQuote(body))) {
    if (known.has(address)) continue;
    const free = FREEMAIL.match(address.slice(address.indexOf('@') + 1));
    if (free === null) continue;
    out.add(
      'contact-freemail-elsewhere',
      `the message asks to be answered at ${address}, a free mailbox that is neither the sender's nor the Reply-To`,
      address,
    );
    return;
  }
}
