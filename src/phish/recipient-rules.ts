/**
 * Mail that knows the reader only by an address: the recipient's e-mail address put where a name
 * belongs, in the subject ("jane@example.org, you have won..."), the sender's display name, or
 * after the greeting ("Dear jane@example.org,").
 * Bulk senders of scams and lures fill their templates from address lists; an organisation that
 * knows its customer uses the customer's name. A calendar invitation names its guest in brackets
 * at the end of the subject, which does not count. Linear: one indexOf per address.
 */
import type { ParsedMail } from '../mail/parse.js';
import type { Findings } from './catalog.js';
import { isAddressChar } from './contact-address.js';
import type { Identity } from './identity-rules.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import type { Sender } from './sender-rules.js';

/** Recipients checked (a message to hundreds of addresses is not searched for each). */
const MAX_RECIPIENTS = 5;
/** Shortest address worth searching for (a@b.cc). */
const MIN_ADDRESS_CHARS = 6;
/** The opening of the body where a salutation stands. */
const GREETING_WINDOW_CHARS = 300;
/** Characters before the address searched for the greeting word ("Dear  ", "Hallo, "). */
const GREETING_GAP_CHARS = 24;
const GREETINGS: readonly string[] = phrases.greetings;

function recipientAddresses(mail: ParsedMail): string[] {
  const out: string[] = [];
  for (const entry of mail.to ?? []) {
    const boxes = entry.group ?? [entry];
    for (const box of boxes) {
      const address = (box.address ?? '').toLowerCase();
      if (address.length >= MIN_ADDRESS_CHARS && address.includes('@')) out.push(address);
      if (out.length >= MAX_RECIPIENTS) return out;
    }
  }
  return out;
}

/**
 * Where the address stands whole in the text: not inside a longer one ("mary.jane@x.org",
 * "jane@x.org.au"); a sentence's final dot after it is not part of it.
 */
function wholeAddressesAt(text: string, address: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(address); at >= 0; at = text.indexOf(address, at + 1)) {
    if (at > 0 && isAddressChar(text.charCodeAt(at - 1))) continue;
    let end = at + address.length;
    while (text[end] === '.' || text[end] === '-') end++;
    if (end < text.length && isAddressChar(text.charCodeAt(end))) continue;
    found.push(at);
  }
  return found;
}

/** Where the address sits in the text, unless only in brackets ("Invitation: ... (jane@x.org)"). */
function usedAsName(text: string, address: string): boolean {
  return wholeAddressesAt(text, address).some((at) => !'(<['.includes(text[at - 1] ?? ' '));
}

/** True when a greeting word ends right before the address ("Dear jane@x.org", "Hallo, jane@x.org"). */
function greetsAddress(opening: string, address: string): boolean {
  const at = wholeAddressesAt(opening, address)[0];
  if (at === undefined) return false;
  let before = opening.slice(Math.max(0, at - GREETING_GAP_CHARS), at).trimEnd();
  while (before.endsWith(',') || before.endsWith(':')) before = before.slice(0, -1).trimEnd();
  return GREETINGS.some((g) => before.endsWith(g) && !isWordChar(before[before.length - g.length - 1]));
}

function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && ch.toLowerCase() !== ch.toUpperCase();
}

export function checkRecipientAddress(
  mail: ParsedMail,
  sender: Sender | null,
  identity: Identity,
  body: string,
  out: Findings,
): void {
  // An authenticated sender whose name, links and replies agree is a service the reader signed
  // up with; its account notices may quote the address they were sent to.
  if (identity.legitimate) return;
  const subject = (mail.subject ?? '').toLowerCase();
  const name = (sender?.name ?? '').toLowerCase();
  const own = (sender?.address ?? '').toLowerCase();
  const head = body.slice(0, GREETING_WINDOW_CHARS);
  // Lower-cased only when it holds an address at all (most mail does not).
  const opening = head.includes('@') ? head.toLowerCase() : '';
  for (const address of recipientAddresses(mail)) {
    if (address === own) continue;
    const where = usedAsName(subject, address)
      ? 'subject'
      : usedAsName(name, address)
        ? "sender's name"
        : greetsAddress(opening, address)
          ? 'greeting'
          : null;
    if (where === null) continue;
    const evidence =
      where === 'subject'
        ? `Subject: ${(mail.subject ?? '').slice(0, 160)}`
        : where === 'greeting'
          ? opening
              .slice(
                Math.max(0, opening.indexOf(address) - GREETING_GAP_CHARS),
                opening.indexOf(address) + address.length,
              )
              .trim()
          : `From: ${sender?.name ?? ''}`;
    out.add(
      'recipient-address-as-name',
      `the ${where} addresses the reader by the e-mail address ${address}, not by name, as mail sent to an address list does`,
      evidence,
    );
    return;
  }
}
