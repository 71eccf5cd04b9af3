/**
 * Lure wording as a weak signal: phrases of urgent account action (credential lures) and of
 * prizes, rewards and parcel fees (scam lures), matched case-insensitively in the subject and the
 * first MAX_LURE_TEXT_CHARS of the body with indexOf (no regex).
 */
import type { Findings } from './catalog.js';
import { MAX_LURE_TEXT_CHARS } from './limits.js';
import phrases from './lure-phrases.json' with { type: 'json' };

function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  return ch.toLowerCase() !== ch.toUpperCase() || (ch >= '0' && ch <= '9');
}

/** True when the phrase occurs as whole words ("you won" must not match "you won't"). */
export function hasPhrase(text: string, phrase: string): boolean {
  let at = text.indexOf(phrase);
  while (at >= 0) {
    const end = at + phrase.length;
    const boundaryAfter = !isWordChar(text[end]) || (text[end] !== "'" && !isWordChar(phrase[phrase.length - 1]));
    if (!isWordChar(text[at - 1]) && boundaryAfter && text[end] !== "'") return true;
    at = text.indexOf(phrase, at + 1);
  }
  return false;
}

function found(text: string, list: readonly string[]): string[] {
  return list.filter((p) => hasPhrase(text, p));
}

export function checkLures(subject: string, body: string, out: Findings): void {
  const text = `${subject}\n${body.slice(0, MAX_LURE_TEXT_CHARS)}`.toLowerCase();
  const credential = found(text, phrases.credential);
  if (credential.length > 0)
    out.add(
      'credential-lure',
      `the wording pushes for urgent account action ("${credential[0]}")`,
      credential.slice(0, 5).join(', '),
    );
  const scam = found(text, phrases.scam);
  // One prize or parcel word is ordinary; scams pile them up.
  if (scam.length >= 2)
    out.add('scam-lure', `the wording promises prizes or asks for fees ("${scam[0]}", "${scam[1]}")`, scam.slice(0, 5).join(', '));
}
