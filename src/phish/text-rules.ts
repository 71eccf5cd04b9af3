/**
 * Disguised letters in the sender's name and the subject: Unicode look-alikes of Latin letters
 * (mathematical bold, small capitals, full-width, circled and squared letters) and words mixing
 * Latin with Cyrillic or Greek letters (UTS #39 §5.1, mixed-script detection). They read as plain
 * words to a person but not to a word filter, which is why bulk senders of scams use them.
 */
import type { Findings } from './catalog.js';

const DISGUISE_RANGES: ReadonlyArray<[number, number]> = [
  [0x1d400, 0x1d7ff], // Mathematical Alphanumeric Symbols
  [0x1d00, 0x1d2b], // small capitals in Phonetic Extensions
  [0xa730, 0xa731], // Latin letter small capital F and S
  [0xff21, 0xff3a], // full-width A-Z
  [0xff41, 0xff5a], // full-width a-z
  [0x24b6, 0x24e9], // circled letters
  [0x1f130, 0x1f189], // squared and negative squared letters
];

function isDisguisedLetter(code: number): boolean {
  if (code < 0x1d00) return false; // every range starts above: Latin, Greek and Cyrillic text is quick
  return DISGUISE_RANGES.some(([lo, hi]) => code >= lo && code <= hi);
}

function isLatinLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function isCyrillicOrGreek(code: number): boolean {
  return (code >= 0x0370 && code <= 0x03ff) || (code >= 0x0400 && code <= 0x04ff);
}

/** The first disguised word of a text, or null. */
export function findDisguisedWord(text: string): string | null {
  for (const word of text.split(' ')) {
    let latin = false;
    let foreign = false;
    for (const ch of word) {
      const code = ch.codePointAt(0)!;
      if (isDisguisedLetter(code)) return word;
      if (isLatinLetter(code)) latin = true;
      else if (isCyrillicOrGreek(code)) foreign = true;
    }
    if (latin && foreign) return word;
  }
  return null;
}

export function checkDisguisedText(senderName: string, subject: string, out: Findings): void {
  for (const [where, text] of [
    ['sender name', senderName],
    ['subject', subject],
  ] as const) {
    const word = findDisguisedWord(text);
    if (word !== null) {
      out.add(
        'disguised-text',
        `the ${where} is written with look-alike letters ("${word}") that dodge word filters`,
        `${where}: ${text.slice(0, 120)}`,
      );
    }
  }
}

function charClass(ch: string): 'upper' | 'lower' | 'digit' | 'other' {
  if (ch >= 'A' && ch <= 'Z') return 'upper';
  if (ch >= 'a' && ch <= 'z') return 'lower';
  if (ch >= '0' && ch <= '9') return 'digit';
  return 'other';
}

/**
 * A machine-made token: at least two lower-to-upper switches inside a run of letters only
 * (`mYIvLwxL`, `afAbPcZ`), or a run of 10+ letters and digits with at least two of each of upper,
 * lower and digit (`2vOZiA4kohW8FCj`). Names ("McDonald"), words and order numbers do not qualify.
 */
export function isRandomToken(token: string): boolean {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  let switches = 0;
  let previous: string | null = null;
  for (const ch of token) {
    const c = charClass(ch);
    if (c === 'other') return false;
    if (c === 'upper') upper++;
    else if (c === 'lower') lower++;
    else digit++;
    if (previous === 'lower' && c === 'upper') switches++;
    previous = c;
  }
  if (digit === 0 && token.length >= 5 && switches >= 2) return true;
  return token.length >= 10 && upper >= 2 && lower >= 2 && digit >= 2;
}

/** The first random-looking token of a text split at anything not a letter or digit, or null. */
export function findRandomToken(text: string): string | null {
  let token = '';
  for (const ch of `${text} `) {
    if (charClass(ch) !== 'other') {
      token += ch;
      continue;
    }
    if (token.length >= 5 && isRandomToken(token)) return token;
    token = '';
  }
  return null;
}

export function checkRandomTokens(senderAddress: string, subject: string, out: Findings): void {
  // The whole mailbox name, not its parts: VERP bounce addresses (list-123.ab-XyZ9@) carry
  // machine-made parts between separators for a good reason.
  const local = senderAddress.slice(0, Math.max(0, senderAddress.lastIndexOf('@')));
  const inSender = local.length >= 5 && isRandomToken(local) ? local : null;
  const token = inSender ?? findRandomToken(subject);
  if (token === null) return;
  const where = inSender ? `sender's mailbox name` : 'subject';
  out.add('random-looking-sender', `the ${where} holds a machine-made random string ("${token}")`, token);
}
