/**
 * Lure wording as a weak signal: phrases of urgent account action (credential lures) and of
 * prizes, rewards and parcel fees (scam lures), matched as whole-word sequences in the subject and
 * the first MAX_LURE_TEXT_CHARS of the body. One pass over the words with a first-word index: no
 * regex, no per-phrase rescan of the text.
 */
import type { Findings } from './catalog.js';
import { MAX_LURE_TEXT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };

function isWordCode(code: number, lower: string, at: number): boolean {
  // ASCII first (most text): letters, digits and the apostrophe; then any cased letter.
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 39;
  const ch = lower[at]!;
  return ch.toUpperCase() !== ch;
}

/**
 * The last text split and its words: several rules read the same subject and body opening
 * (lures, wallet-drainer and payment-diversion wording), and the split is their main cost.
 */
let lastText = '';
let lastWords: readonly string[] = [];

/**
 * Lower-case words of a text; typographic apostrophes count as "'" ("won’t" -> "won't"). The
 * result is shared with the next caller of the same text: do not modify it.
 */
export function words(text: string): string[] {
  if (text === lastText && text !== '') return lastWords as string[];
  const out = splitWords(text);
  lastText = text;
  lastWords = out;
  return out;
}

function splitWords(text: string): string[] {
  // One lower-casing of the whole text, then word boundaries by index: no per-character strings.
  const lower = text.toLowerCase().replaceAll('\u2019', "'");
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const word = i < lower.length && isWordCode(lower.charCodeAt(i), lower, i);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      out.push(lower.slice(start, i));
      start = -1;
    }
  }
  return out;
}

export type PhraseIndex = Map<string, Array<{ phrase: string; seq: string[] }>>;

export function buildIndex(list: readonly string[]): PhraseIndex {
  const index: PhraseIndex = new Map();
  for (const phrase of list) {
    const seq = words(phrase);
    if (seq.length === 0) continue;
    const first = seq[0]!;
    index.set(first, [...(index.get(first) ?? []), { phrase, seq }]);
  }
  return index;
}

/** Distinct scam phrases that make the heavy variant of the rule. */
const HEAVY_SCAM_PHRASES = 3;

const CREDENTIAL = buildIndex(phrases.credential);
const SCAM = buildIndex(phrases.scam);
const DOCUMENT = buildIndex(phrases.document);
const DOCUMENT_UNVERIFIED = buildIndex(phrases.documentUnverified.words);
const CALLBACK = buildIndex(phrases.callback);
const DISPUTE = buildIndex(phrases.callbackDispute);
const PAYMENT = buildIndex(phrases.payment);
const EXTORTION = buildIndex(phrases.extortion);
/** Distinct extortion phrases, one of them a payment in coin, that make a sextortion lure. */
const EXTORTION_PHRASES = 3;
const COIN = new Set(phrases.extortionCoin);
/**
 * The threat itself (exposure, a deadline, the reader's contacts): an exchange's security notice
 * speaks of hacked accounts, passwords and wallets too, but never of recordings or contacts.
 */
const EXPOSURE = new Set(phrases.extortionExposure);

const LETTER = /\p{L}/u;

/** True when the phrase starts with a Hebrew or Arabic letter (scripts with spaces between words). */
function needsWordStart(phrase: string): boolean {
  const code = phrase.charCodeAt(0);
  return code >= 0x0590 && code <= 0x06ff;
}

/** True when the phrase occurs in the text not preceded by a letter ("אמת את" is not in "התאמת את"). */
function hasAtWordStart(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    if (at === 0 || !LETTER.test(text[at - 1]!)) return true;
  }
  return false;
}

/**
 * Phrases of scripts written without spaces (Japanese, Chinese, Thai), and Korean, found as
 * substrings; Hebrew and Arabic phrases only where a word starts.
 */
function findCjk(text: string, list: readonly string[]): string[] {
  return list.filter((phrase) =>
    needsWordStart(phrase) ? hasAtWordStart(text, phrase) : text.includes(phrase),
  );
}

/**
 * True when the text holds a character of a script matched by substring: kana, CJK and Hangul
 * (no spaces, or words the word splitter does not cut), Hebrew, Arabic and Thai (no letter case,
 * so not word letters to `words`).
 */
function hasCjk(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0x3040 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)) return true;
    if ((code >= 0x0590 && code <= 0x06ff) || (code >= 0x0e00 && code <= 0x0e7f)) return true;
  }
  return false;
}

/** The phrases of an index found in a word list, in order of first appearance. */
export function findPhrases(tokens: readonly string[], index: PhraseIndex): string[] {
  const found = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (const { phrase, seq } of index.get(tokens[i]!) ?? []) {
      if (found.has(phrase)) continue;
      let j = 1;
      while (j < seq.length && tokens[i + j] === seq[j]) j++;
      if (j === seq.length) found.add(phrase);
    }
  }
  return [...found];
}

/** True when the phrase occurs in the text as whole words ("you won" is not in "you won't"). */
export function hasPhrase(text: string, phrase: string): boolean {
  return findPhrases(words(text), buildIndex([phrase])).length > 0;
}

/** True when the subject itself carries account or document lure wording. */
export function subjectHasLure(subject: string): boolean {
  const tokens = words(subject);
  if (findPhrases(tokens, CREDENTIAL).length > 0 || findPhrases(tokens, DOCUMENT).length > 0) return true;
  return hasCjk(subject) && findCjk(subject, [...phrases.cjk.credential, ...phrases.cjk.document]).length > 0;
}

export interface LureContext {
  subject: string;
  body: string;
  /** The receiving server authenticated the sender's domain (aligned DMARC or DKIM). */
  authenticated?: boolean;
  /** Web links to sites other than common ones (social networks, app stores). */
  webLinks: number;
  /**
   * An authenticated sender writing as a person, not an organisation (a tradesman's own mailbox):
   * a bill with a telephone number is ordinary there, unless it disputes a charge the reader
   * did not make.
   */
  personalSender?: boolean;
  /**
   * Every web link goes to the authenticated sender's own domains (a company's bill linking to
   * its own site): a telephone number for questions is ordinary there too, unless the message
   * disputes a charge.
   */
  ownLinksOnly?: boolean;
}

/**
 * Lures found in the subject and the opening of the body (credential, scam, document-sharing or
 * callback wording), added to `out` as findings.
 */
export function checkLures(context: LureContext, out: Findings): void {
  const text = `${context.subject}\n${context.body.slice(0, MAX_LURE_TEXT_CHARS)}`;
  const tokens = words(text);
  const cjk = hasCjk(text);
  const credential = [
    ...findPhrases(tokens, CREDENTIAL),
    ...(cjk ? findCjk(text, phrases.cjk.credential) : []),
  ];
  if (credential.length > 0)
    out.add(
      'credential-lure',
      `the wording pushes for urgent account action ("${credential[0]}")`,
      credential.slice(0, 5).join(', '),
    );
  const scam = [...findPhrases(tokens, SCAM), ...(cjk ? findCjk(text, phrases.cjk.scam) : [])];
  // One prize or parcel word is ordinary; scams pile them up.
  if (scam.length >= HEAVY_SCAM_PHRASES)
    out.add(
      'scam-lure-heavy',
      `the wording piles up prizes, rewards or fees ("${scam[0]}", "${scam[1]}", "${scam[2]}")`,
      scam.slice(0, 5).join(', '),
    );
  else if (scam.length >= 2)
    out.add(
      'scam-lure',
      `the wording promises prizes or asks for fees ("${scam[0]}", "${scam[1]}")`,
      scam.slice(0, 5).join(', '),
    );
  const documents = [...findPhrases(tokens, DOCUMENT), ...(cjk ? findCjk(text, phrases.cjk.document) : [])];
  // Everyday billing words ("ver factura", 請求書) are lure wording only from a sender nothing
  // authenticates: a company's own e-invoice says them too.
  if (context.authenticated !== true)
    documents.push(
      ...findPhrases(tokens, DOCUMENT_UNVERIFIED),
      ...(cjk ? findCjk(text, phrases.documentUnverified.cjk) : []),
    );
  if (documents.length > 0)
    out.add(
      'document-lure',
      `the wording announces a shared document or a signature request ("${documents[0]}")`,
      documents.slice(0, 5).join(', '),
    );
  const threats = findPhrases(tokens, EXTORTION);
  if (
    threats.length >= EXTORTION_PHRASES &&
    threats.some((p) => COIN.has(p)) &&
    threats.some((p) => EXPOSURE.has(p))
  )
    out.add(
      'extortion-lure',
      `the wording claims a hacked account or device and asks for coin ("${threats[0]}", "${threats[1]}", "${threats[2]}")`,
      threats.slice(0, 5).join(', '),
    );
  checkCallback(text, tokens, cjk, context, out);
}

/**
 * A callback scam: a charge, invoice or renewal the reader did not make, and a telephone number
 * to call about it, with no web link to click (telephone-oriented attack delivery).
 */
function checkCallback(
  text: string,
  tokens: readonly string[],
  cjk: boolean,
  context: LureContext,
  out: Findings,
): void {
  const webLinks = context.webLinks;
  if (webLinks > 1) return;
  const payment = [...findPhrases(tokens, PAYMENT), ...(cjk ? findCjk(text, phrases.cjk.payment) : [])];
  // A sum of money ("$399.99") says "a charge" as plainly as the word does.
  const amount = findMoneyAmount(text);
  if (amount !== null) payment.push(amount);
  if (payment.length < 2) return;
  const phone = findPhoneNumber(readLetterZeros(text));
  if (phone === null) return;
  const call = findPhrases(tokens, CALLBACK);
  if (call.length === 0 && webLinks > 0) return;
  const ordinary = context.personalSender === true || (context.ownLinksOnly === true && webLinks > 0);
  if (ordinary && findPhrases(tokens, DISPUTE).length === 0) return;
  out.add(
    'callback-lure',
    `the message reports a charge or an order ("${payment[0]}", "${payment[1]}") and gives a telephone number to call (${phone}) instead of a link`,
    [phone, ...payment.slice(0, 3), ...call.slice(0, 2)].join(', '),
  );
}

const CURRENCY_SIGNS: readonly string[] = phrases.advanceFee.currencySigns;
/** ISO codes written before or after an amount ("USD 499.00", "499.00 EUR"). */
const CURRENCY_CODES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF'];

function isAsciiDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isAsciiLetter(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'));
}

function digitish(ch: string | undefined): boolean {
  return isAsciiDigit(ch) || ch === 'O' || ch === 'o';
}

/** Where a number that starts at `from` ends: digits, and , or . between digits ("1,299.00"). */
function numberEnd(text: string, from: number): number {
  let end = from;
  while (isAsciiDigit(text[end]) || ((text[end] === ',' || text[end] === '.') && isAsciiDigit(text[end + 1])))
    end++;
  return end;
}

/**
 * The first sum of money in a text: a currency sign or ISO code right before a digit (one space
 * allowed), or a code right after a number. One indexOf pass per sign, no regex.
 */
export function findMoneyAmount(text: string): string | null {
  for (const sign of [...CURRENCY_SIGNS, ...CURRENCY_CODES]) {
    for (let at = text.indexOf(sign); at >= 0; at = text.indexOf(sign, at + sign.length)) {
      let next = at + sign.length;
      if (text[next] === ' ') next++;
      const before = at > 0 ? text[at - 1]! : ' ';
      // A code is a word of its own ("USD", not "USDT" or "aUSD").
      const code = sign.length === 3;
      if (code && (isAsciiLetter(before) || isAsciiLetter(text[at + 3]))) continue;
      if (isAsciiDigit(text[next])) return text.slice(at, numberEnd(text, next));
      let back = at - 1;
      if (code && text[back] === ' ') back--;
      if (!code || !isAsciiDigit(text[back])) continue;
      while (
        back > 0 &&
        (isAsciiDigit(text[back - 1]) ||
          ((text[back - 1] === ',' || text[back - 1] === '.') && isAsciiDigit(text[back - 2])))
      )
        back--;
      return text.slice(back, at + 3);
    }
  }
  return null;
}

/**
 * Callback lures write zero as the letter O to dodge number filters ("8O8 555 O134"): an O
 * between digits (or a digit and a separator) is read as 0. Same length, so positions hold.
 */
function readLetterZeros(text: string): string {
  if (!text.includes('O') && !text.includes('o')) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== 'O' && ch !== 'o') {
      out += ch;
      continue;
    }
    const prev = text[i - 1] === ' ' || text[i - 1] === '-' ? text[i - 2] : text[i - 1];
    const next = text[i + 1] === ' ' || text[i + 1] === '-' ? text[i + 2] : text[i + 1];
    out += isAsciiDigit(prev) && digitish(next) ? '0' : ch;
  }
  return out;
}

const PHONE_CHARS = '0123456789+-(). \u00a0';
/** Digits of a telephone number with its country code (E.164 allows 15; NANP numbers have 10-11). */
const MIN_PHONE_DIGITS = 10;
const MAX_PHONE_DIGITS = 15;

/**
 * The first telephone number in a text: a run of digits and separators with 10 to 15 digits,
 * written with a leading + or in groups of at most 4 digits. Order numbers and dates do not
 * qualify. Linear, no regex.
 */
export function findPhoneNumber(text: string): string | null {
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const ch = i < text.length ? text[i]! : '';
    if (ch !== '' && PHONE_CHARS.includes(ch)) {
      if (start < 0 && ((ch >= '0' && ch <= '9') || ch === '+' || ch === '(')) start = i;
      continue;
    }
    if (start >= 0) {
      let end = i;
      while (end > start && !(text[end - 1]! >= '0' && text[end - 1]! <= '9')) end--;
      const candidate = text.slice(start, end);
      if (isPhoneLike(candidate)) return candidate;
      start = -1;
    }
  }
  return null;
}

function isPhoneLike(candidate: string): boolean {
  const groups: string[] = [];
  let group = '';
  for (const ch of `${candidate} `) {
    if (ch >= '0' && ch <= '9') group += ch;
    else if (group !== '') {
      groups.push(group);
      group = '';
    }
  }
  const digits = groups.reduce((n, g) => n + g.length, 0);
  if (digits < MIN_PHONE_DIGITS || digits > MAX_PHONE_DIGITS) return false;
  if (candidate.startsWith('+')) return true;
  // Grouped like a number to dial (800-555-0199, (020) 7946 0958), not a date (2024-11-30 12)
  // or an order number (one long run of digits).
  const last = groups[groups.length - 1]!;
  const isDate = groups[0]!.length === 4 && groups[1]?.length === 2;
  return groups.length >= 3 && groups.every((g) => g.length <= 4) && last.length >= 3 && !isDate;
}
