/**
 * Payment diversion (business e-mail compromise): a supplier's invoice or a colleague's request
 * saying the bank details have changed, so that the next payment goes to the fraudster's account.
 * The FBI's IC3 and national CERTs ask that any such change be confirmed by telephone on a known
 * number, whoever sends it: the wording alone earns `suspicious`, even from an authenticated
 * (often compromised) mailbox.
 */
import type { Findings } from './catalog.js';
import { MAX_LURE_INPUT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { buildIndex, findPhrases, words } from './lure-rules.js';

const BANK_CHANGE = buildIndex(phrases.bankChange);

/** The first bank-change phrase in the subject and the opening of the body, or null. */
export function findBankChange(text: string): string | null {
  return findPhrases(words(text.slice(0, MAX_LURE_INPUT_CHARS)), BANK_CHANGE)[0] ?? null;
}

export function checkPaymentDiversion(text: string, out: Findings): void {
  const phrase = findBankChange(text);
  if (phrase === null) return;
  out.add(
    'bank-details-change',
    `the message says bank details have changed ("${phrase}"): confirm by telephone on a number you already know before paying`,
    phrase,
  );
}
