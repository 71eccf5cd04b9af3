/**
 * Advance-fee and "business proposal" scams (419 fraud): a large sum of money offered with the
 * words that move it (donation, loan, inheritance, fund, transfer...), and senders signing like
 * these scams do (an honorific title in the display name, or a name in capitals). No links are
 * needed: the destination is a reply. Linear scans, no regex.
 */
import type { Findings } from './catalog.js';
import phrases from './lure-phrases.json' with { type: 'json' };
import { buildIndex, findPhrases, words } from './lure-rules.js';

/** A sum at least this large, in any currency, is "a large sum" (scams offer millions). */
const LARGE_SUM = 100_000;
/** Characters around a number searched for a currency sign or word. */
const CURRENCY_WINDOW = 14;
/** Characters after a number searched for "million" and its translations. */
const MULTIPLIER_WINDOW = 12;

const CURRENCY_SIGNS = ['$', '€', '£', '¥', '₦'];
const CURRENCY_WORDS = new Set([
  'usd',
  'eur',
  'gbp',
  'dollars',
  'dollar',
  'euro',
  'euros',
  'pounds',
  'us',
  'naira',
  'chf',
]);
const MULTIPLIERS = new Set(phrases.advanceFee.multipliers);
const FEE_INDEX = buildIndex(phrases.advanceFee.words);
const TITLES = new Set(phrases.advanceFee.titles);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** The value of a number written with thousands separators (1,500,000.00 / 1.500.000,00 / 1 500 000). */
function parseAmount(raw: string): number {
  const groups: string[] = [];
  let group = '';
  for (const ch of raw) {
    if (ch >= '0' && ch <= '9') group += ch;
    else if (group !== '') {
      groups.push(group);
      group = '';
    }
  }
  if (group !== '') groups.push(group);
  // A last group of two digits after a separator is cents.
  if (groups.length > 1 && groups[groups.length - 1]!.length === 2) groups.pop();
  return Number(groups.join('')) || 0;
}

function hasCurrency(text: string): boolean {
  if (CURRENCY_SIGNS.some((s) => text.includes(s))) return true;
  return words(text).some((w) => CURRENCY_WORDS.has(w));
}

/** The first large sum of money in a text ("USD 10.5 million", "€ 1.000.000,00"), or null. */
export function findLargeSum(text: string): string | null {
  let i = 0;
  while (i < text.length) {
    if (!isDigit(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i;
    while (
      end < text.length &&
      (isDigit(text.charCodeAt(end)) ||
        ((text[end] === ',' || text[end] === '.' || text[end] === ' ') && isDigit(text.charCodeAt(end + 1))))
    )
      end++;
    const raw = text.slice(i, end);
    const around = text.slice(Math.max(0, i - CURRENCY_WINDOW), end + CURRENCY_WINDOW);
    const after = words(text.slice(end, end + MULTIPLIER_WINDOW));
    const multiplied = after.some((w) => MULTIPLIERS.has(w));
    const value = parseAmount(raw) * (multiplied ? 1_000_000 : 1);
    if (value >= LARGE_SUM && hasCurrency(around))
      return text.slice(Math.max(0, i - 4), end + (multiplied ? 9 : 4)).trim();
    i = end + 1;
  }
  return null;
}

/**
 * The scam itself needs no link (the victim replies); newsletters and financial news that quote
 * millions link to their articles, so a message with several web links is not judged here.
 */
const MAX_ADVANCE_FEE_LINKS = 1;

export function checkAdvanceFee(subject: string, body: string, webLinks: number, out: Findings): void {
  if (webLinks > MAX_ADVANCE_FEE_LINKS) return;
  const text = `${subject}\n${body}`;
  const sum = findLargeSum(text);
  if (sum === null) return;
  const fee = findPhrases(words(text), FEE_INDEX);
  if (fee.length === 0) return;
  out.add(
    'advance-fee-lure',
    `the message offers a large sum of money (${sum}) with the words of an advance-fee scam ("${fee[0]}")`,
    [sum, ...fee.slice(0, 4)].join(', '),
  );
}

/** An honorific in the display name ("Mrs", "Barrister", "Dr.") or a name in capitals. */
export function checkScamStyleSender(name: string, out: Findings): void {
  const tokens = words(name);
  const title = tokens.find((w) => TITLES.has(w));
  let letters = 0;
  let upper = 0;
  for (const ch of name) {
    if (ch.toLowerCase() === ch.toUpperCase()) continue;
    letters++;
    if (ch === ch.toUpperCase()) upper++;
  }
  const capitals = tokens.length >= 2 && letters >= 6 && upper === letters;
  if (title === undefined && !capitals) return;
  out.add(
    'scam-style-sender',
    title !== undefined
      ? `the sender's name carries an honorific ("${title}"), as advance-fee scams sign their mail`
      : "the sender's name is written in capitals, as advance-fee scams sign their mail",
    name.slice(0, 120),
  );
}
