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

/** Letters of the scripts the hidden-character and spacing checks look between. */
function isLetterCode(code: number): boolean {
  return (
    isLatinLetter(code) ||
    isCyrillicOrGreek(code) ||
    (code >= 0x3040 && code <= 0x30ff) || // kana
    (code >= 0x3400 && code <= 0x9fff) || // CJK ideographs
    (code >= 0xac00 && code <= 0xd7af) // Hangul syllables
  );
}

/**
 * Invisible format characters that carry no meaning inside a word: zero-width space, word
 * joiner and invisible operators (U+2060-2064), variation selectors 1-15 (FE00-FE0E; FE0F is the
 * emoji selector), the Mongolian vowel separator, the combining grapheme joiner and BOM.
 */
function isHiddenCode(code: number): boolean {
  return (
    code === 0x200b ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0xfe00 && code <= 0xfe0e) ||
    code === 0x180e ||
    code === 0x034f ||
    code === 0xfeff
  );
}

/**
 * An invisible character right after a letter ("Coinchec\u2064k"): it splits a word for a
 * filter and not for a reader. After an emoji or a symbol it is ordinary (a variation selector).
 */
export function findHiddenCharacter(text: string): string | null {
  let previous = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (isHiddenCode(code) && isLetterCode(previous))
      return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    previous = code;
  }
  return null;
}

/**
 * A name spelled out one ideograph or kana at a time ("三 井 住 友", "東 京 電 力"): three or
 * more single-character words of a script written without spaces. People write "山田 太郎";
 * spacing every character only keeps a brand name away from a word filter.
 */
export function findSpacedIdeographs(text: string): string | null {
  let singles = 0;
  for (const word of text.split(' ')) {
    if (word === '') continue;
    const chars = [...word];
    if (chars.length === 1 && isLetterCode(chars[0]!.codePointAt(0)!) && chars[0]!.codePointAt(0)! >= 0x3040)
      singles++;
  }
  return singles >= 3 ? text.trim() : null;
}

export function checkDisguisedText(senderName: string, subject: string, out: Findings): void {
  for (const [where, text] of [
    ['sender name', senderName],
    ['subject', subject],
  ] as const) {
    const hidden = findHiddenCharacter(text);
    if (hidden !== null)
      out.add(
        'disguised-text',
        `the ${where} hides invisible characters (${hidden}) inside its words, which split them for word filters only`,
        `${where}: ${text.slice(0, 120)}`,
      );
    const spaced = where === 'sender name' ? findSpacedIdeographs(text) : null;
    if (spaced !== null)
      out.add(
        'disguised-text',
        `the ${where} spells a name one character at a time ("${spaced.slice(0, 40)}"), which keeps it away from word filters`,
        `${where}: ${text.slice(0, 120)}`,
      );
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
  if (digit === 0 && token.length >= 5 && switches >= 2) return !isPascalWords(token) && !isCamelWords(token);
  return token.length >= 10 && upper >= 2 && lower >= 2 && digit >= 2;
}

/** Words a camel-cased name is made of are this long at least ("Air" of DeltaAirLines). */
const MIN_CAMEL_WORD = 3;
const VOWELS = 'aeiouy';

/**
 * Words run together in PascalCase ("DeltaAirLines", "AmericanExpress", "BestBuyInfo"): every
 * part a capital and at least two lower-case letters with a vowel among them. Machine-made
 * strings switch case every letter or two ("mYIvLwxL", "QmVuZxKp").
 */
function isPascalWords(token: string): boolean {
  if (charClass(token[0] ?? '') !== 'upper') return false;
  let start = 0;
  for (let i = 1; i <= token.length; i++) {
    if (i < token.length && charClass(token[i]!) !== 'upper') continue;
    const word = token.slice(start, i);
    if (word.length < MIN_CAMEL_WORD || ![...word.slice(1)].some((ch) => VOWELS.includes(ch))) return false;
    start = i;
  }
  return true;
}

/**
 * A program identifier in camel case ("lmLogClose", "diReadInode", "txCommit"): a
 * lower-case head, then PascalCase words. Bug reports and patch reviews name functions in their
 * subjects; machine-made strings fail the words test after their first capital ("mYIvLwxL").
 */
function isCamelWords(token: string): boolean {
  if (charClass(token[0] ?? '') !== 'lower') return false;
  let i = 1;
  while (i < token.length && charClass(token[i]!) === 'lower') i++;
  return i < token.length && isPascalWords(token.slice(i));
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

/** True when a token mixes letters and digits (`Kx82LmQ09zT`), not only letter case (`GitHubNews`). */
function hasDigitAndLetter(token: string): boolean {
  let digit = false;
  let letter = false;
  for (const ch of token) {
    const c = charClass(ch);
    if (c === 'digit') digit = true;
    else if (c !== 'other') letter = true;
  }
  return digit && letter;
}

export function checkRandomTokens(
  senderAddress: string,
  subject: string,
  out: Findings,
  senderName = '',
): void {
  // The whole mailbox name, not its parts: VERP bounce addresses (list-123.ab-XyZ9@) carry
  // machine-made parts between separators for a good reason.
  const local = senderAddress.slice(0, Math.max(0, senderAddress.lastIndexOf('@')));
  const inSender = local.length >= 5 && isRandomToken(local) ? local : null;
  // In a display name only a token of letters and digits: brands write names in camel case.
  const nameToken = inSender === null ? findRandomToken(senderName) : null;
  const inName = nameToken !== null && hasDigitAndLetter(nameToken) ? nameToken : null;
  const token = inSender ?? inName ?? findRandomToken(subject);
  if (token === null) return;
  const where = inSender ? `sender's mailbox name` : inName ? `sender's name` : 'subject';
  out.add('random-looking-sender', `the ${where} holds a machine-made random string ("${token}")`, token);
}
