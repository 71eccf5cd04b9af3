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

const CURRENCY_SIGNS = phrases.advanceFee.currencySigns;
const CURRENCY_WORDS = new Set(phrases.advanceFee.currencyWords);
const MULTIPLIERS = new Set(phrases.advanceFee.multipliers);
const FEE_INDEX = buildIndex(phrases.advanceFee.words);
const TITLES = new Set(phrases.advanceFee.titles);

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * The value of a number written with thousands separators (1,500,000.00 / 1.500.000,00 /
 * 1 500 000), or 0 when the groups are not thousands (an IP address, a version, a date).
 */
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
  // A last group of one or two digits after a separator is a fraction (cents, "10.5 million").
  if (groups.length > 1 && groups[groups.length - 1]!.length <= 2) groups.pop();
  if (groups.slice(1).some((g) => g.length !== 3)) return 0;
  return Number(groups.join('')) || 0;
}

/** A currency sign right before or after the number (one space allowed), or a currency word near it. */
function hasCurrency(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start).trimEnd();
  const after = text.slice(end, end + 2).trimStart();
  if (CURRENCY_SIGNS.some((s) => before.endsWith(s) || after.startsWith(s))) return true;
  const around = text.slice(Math.max(0, start - CURRENCY_WINDOW), end + CURRENCY_WINDOW);
  return words(around).some((w) => CURRENCY_WORDS.has(w));
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
    // Digits glued to letters are an identifier (q315224, KB910721), not an amount.
    const glued = i > 0 && text[i - 1]!.toLowerCase() !== text[i - 1]!.toUpperCase();
    // "10.5 million", "5 Millionen": the multiplier is the very next word.
    const gap = text.slice(end, end + MULTIPLIER_WINDOW);
    const next = words(gap)[0];
    const multiplied =
      next !== undefined &&
      MULTIPLIERS.has(next) &&
      gap.trimStart().toLowerCase().startsWith(next) &&
      gap.length - gap.trimStart().length <= 1;
    const value = parseAmount(raw) * (multiplied ? 1_000_000 : 1);
    if (!glued && value >= LARGE_SUM && hasCurrency(text, i, end)) {
      // The evidence: the sign before the number, the number, and "million" after it.
      const before = text.slice(Math.max(0, i - 2), i);
      const sign = CURRENCY_SIGNS.find((s) => before.includes(s));
      const from = sign === undefined ? i : text.lastIndexOf(sign, i);
      return text.slice(from, multiplied ? end + gap.indexOf(next) + next.length : end).trim();
    }
    i = end + 1;
  }
  return null;
}

/**
 * The scam itself needs no link (the victim replies); newsletters and financial news that quote
 * millions link to their articles, so a message with several web links is not judged here.
 */
const MAX_ADVANCE_FEE_LINKS = 1;
/** Distinct advance-fee phrases that make the lure without a sum (one is ordinary business talk). */
const MIN_FEE_PHRASES = 2;

export function checkAdvanceFee(
  subject: string,
  body: string,
  webLinks: number,
  out: Findings,
  threadReply = false,
): void {
  if (webLinks > MAX_ADVANCE_FEE_LINKS) return;
  const text = `${subject}\n${body}`;
  const sum = findLargeSum(text);
  const fee = findPhrases(words(text), FEE_INDEX);
  if (sum !== null)
    out.add(
      'advance-fee-lure',
      `the message offers a large sum of money (${sum}) without a link, as advance-fee scams do${fee[0] ? ` ("${fee[0]}")` : ''}`,
      [sum, ...fee.slice(0, 4)].join(', '),
    );
  // Business words without a sum are a scam's first contact, not a reply quoting a thread
  // ("transfer", "claim" and "proposal" are everyday words of a patch review).
  else if (fee.length >= MIN_FEE_PHRASES && !threadReply)
    out.add(
      'advance-fee-lure',
      `the message proposes money, loans or business to a stranger and asks for a reply ("${fee[0]}", "${fee[1]}")`,
      fee.slice(0, 5).join(', '),
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
