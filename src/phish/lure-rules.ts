/**
 * Lure wording as a weak signal: phrases of urgent account action (credential lures) and of
 * prizes, rewards and parcel fees (scam lures), matched as whole-word sequences in the subject and
 * the first MAX_LURE_TEXT_CHARS of the body. One pass over the words with a first-word index: no
 * regex, no per-phrase rescan of the text.
 */
import type { Findings } from './catalog.js';
import { MAX_LURE_TEXT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };

function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  // ASCII first (most text): letters, digits and the apostrophe; then any cased letter.
  if (code < 128)
    return (
      (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 39
    );
  return ch.toLowerCase() !== ch.toUpperCase();
}

/** Lower-case words of a text; typographic apostrophes count as "'" ("won’t" -> "won't"). */
export function words(text: string): string[] {
  const out: string[] = [];
  let word = '';
  for (const raw of text.toLowerCase()) {
    const ch = raw === '\u2019' ? "'" : raw;
    if (isWordChar(ch)) word += ch;
    else if (word !== '') {
      out.push(word);
      word = '';
    }
  }
  if (word !== '') out.push(word);
  return out;
}

type PhraseIndex = Map<string, Array<{ phrase: string; seq: string[] }>>;

function buildIndex(list: readonly string[]): PhraseIndex {
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

export function checkLures(subject: string, body: string, out: Findings): void {
  const tokens = words(`${subject}\n${body.slice(0, MAX_LURE_TEXT_CHARS)}`);
  const credential = findPhrases(tokens, CREDENTIAL);
  if (credential.length > 0)
    out.add(
      'credential-lure',
      `the wording pushes for urgent account action ("${credential[0]}")`,
      credential.slice(0, 5).join(', '),
    );
  const scam = findPhrases(tokens, SCAM);
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
}
