/**
 * Reasons from the reply's words: every phrase and phrase pair of reasons.json `text`, in rule
 * order, matched in one pass over the normalised text (multi-line continuations joined, addresses,
 * URLs' paths and status glosses set aside). The earlier rule holds specific wordings; the longer
 * phrase at a position states the cause.
 */
import { escapeRegex } from '../core/regex.js';
import { MAX_CLASSIFY_CHARS, REASON_DATA } from './reasons-data.js';
import type { BounceReason } from './types.js';

export const TEXT_RULES = REASON_DATA.text;

/**
 * qmail-send's fixed preamble of every failure report ("This is a permanent error; I've given up.
 * Sorry it didn't work out."): it says the attempt ended, not why. ("Giving up on <host>." after a
 * reply stays: Sisimai 5 reads it as expired when the reply names no cause.)
 */
const QMAIL_BOILERPLATE = /this is a permanent error; i've given up\. sorry it didn't work out\./g;

/** Multi-line replies repeat "550-5.7.1 " on each line; dropping the repeats lets phrases match across lines. */
const CONTINUATION = /\s[245]\d\d[- ](?:[245]\.\d{1,3}\.\d{1,3}\s)?/g;

/**
 * A link in a reply points to help: its path and query (a vendor's page names, "#451", an
 * article slug) are no cause. Its host is kept: a blocklist's lookup page names the list.
 */
const URL = /\b(?:https?|ftp):\/\/([^\s<>"'/?#]+)[^\s<>"']*/g;

/**
 * "5.1.1 (bad destination mailbox address)", "4.4.7 (delivery time expired)": a reporting MTA's
 * gloss of the status code (RFC 3463's own titles), which the status already says; the server's
 * words are elsewhere.
 */
const STATUS_GLOSS = /\b([245]\.\d{1,3}\.\d{1,3})\s*\([a-z][a-z ,.'/-]{2,60}\)/g;

/**
 * Continuation lines led by the status alone ("... regarding PTR\n5.7.1 records"), as some clients
 * print a reply: a status between words (not after its reply code) is dropped.
 */
const STATUS_CONTINUATION = /(?<=[a-z,;)] )[245]\.\d{1,3}\.\d{1,3} /g;

/**
 * The reporter's note of the command a reply answered (Postfix "(in reply to MAIL FROM command)",
 * Exim "after MAIL FROM:<a@b> SIZE=1234:"): the command is read by smtp-command.ts; its name is
 * none of the server's words ("mail from" there named a refused sender).
 */
const COMMAND_NOTE =
  /\(in reply to (?:mail from|rcpt to|end of data|data|helo|ehlo)[^)]{0,20}\)|\bafter (?:pipelined )?mail from:\s?<[^>]{0,320}>(?:\s+[a-z]+=\S+){0,4}:?/g;

/**
 * Postfix's "delivery temporarily suspended: <cause>" (its queue manager marking the destination
 * dead for a while, qmgr(8)): the cause follows; "suspended" there names no suspended account.
 */
const POSTFIX_SUSPENDED = /\bdelivery temporarily suspended:/g;

/**
 * A program's quoted path (Postfix pipe(8) 'Command died with status 1: "/usr/bin/spamc"') and a
 * log's transport field ("relay=spamassassin") name a program, not a cause.
 */
const PROGRAM_NAME = /"\/[^"\s]{1,200}"|\brelay=[^\s,]{1,200}/g;

/**
 * The name of the host a reporter talked to (Postfix "host mx.antispamcloud.com[192.0.2.1] said:",
 * "connect to X[ip]", Exim "H=X [ip]") names a machine, not a cause: a filtering service's MX
 * ("antispam", "virusscan") is no spam or virus verdict. Its address in brackets stays.
 */
const TALKED_TO_HOST = /\b(host |connect to |h=)[a-z0-9.-]{1,253} ?(?=\[[0-9a-f.:]{2,45}\])/g;

/** A mail address is the recipient's or sender's name, not the server's words ("junkmail@..."). */
const ADDRESS = /[^\s<>"'()[\]:;,@]{1,64}@[^\s<>"'()[\]:;,@]{1,255}/g;

/**
 * All phrases in one alternation, longest first: at each position the engine reports the longest
 * phrase that starts there; a phrase inside a longer one found before is not counted, and the lowest
 * rule over the rest wins: the rules in order, specific wording first, in one pass over the text.
 */
const PHRASE_RULE = new Map<string, number>();
TEXT_RULES.forEach((rule, index) => {
  for (const phrase of rule.contains) if (!PHRASE_RULE.has(phrase)) PHRASE_RULE.set(phrase, index);
});
/**
 * V8 stops optimising a regular expression whose source is longer than 20 KB
 * (kRegExpTooLargeToOptimize): one alternation of every phrase ran about ten times slower past it.
 * The phrases are cut into sets below that size, by first character, so that a position in the
 * text can match in one set only; each set lists its longer phrases first.
 */
const MAX_PATTERN_CHARS = 12_000;
const PHRASE_SETS: RegExp[] = buildPhraseSets([...PHRASE_RULE.keys()]);

function buildPhraseSets(phrases: string[]): RegExp[] {
  const byFirst = new Map<string, string[]>();
  for (const p of phrases) {
    const group = byFirst.get(p[0]!) ?? [];
    group.push(escapeRegex(p));
    byFirst.set(p[0]!, group);
  }
  const sets: string[][] = [[]];
  let size = 0;
  for (const first of [...byFirst.keys()].sort()) {
    const group = byFirst.get(first)!;
    const groupSize = group.reduce((n, p) => n + p.length + 1, 0);
    if (size > 0 && size + groupSize > MAX_PATTERN_CHARS) {
      sets.push([]);
      size = 0;
    }
    sets[sets.length - 1]!.push(...group);
    size += groupSize;
  }
  return sets.map((set) => new RegExp(set.sort((a, b) => b.length - a.length).join('|'), 'g'));
}

/** Phrase pairs as [rule, first, then, maxGap], in rule order (an unbounded gap is Infinity). */
const PAIRS: [number, string, string, number][] = TEXT_RULES.flatMap((rule, index) =>
  (rule.pairs ?? []).map(([first, then, gap]): [number, string, string, number] => [
    index,
    first,
    then,
    gap ?? Number.POSITIVE_INFINITY,
  ]),
);

/**
 * True when `then` follows `first` within `maxGap` characters of it. Each occurrence of `then` (the
 * rarer, longer phrase) is checked for a `first` in the bounded window before it: linear in the text.
 */
export function pairMatches(lower: string, first: string, then: string, maxGap: number): boolean {
  const at = lower.indexOf(first);
  if (at < 0) return false;
  let end = lower.indexOf(then, at + first.length);
  if (end < 0 || !Number.isFinite(maxGap)) return end >= 0;
  for (; end >= 0; end = lower.indexOf(then, end + 1)) {
    if (lower.slice(Math.max(0, end - maxGap - first.length), end).includes(first)) return true;
  }
  return false;
}

/** Rules before the first broad userunknown rule hold specific phrases; later ones are broad. */
export const FIRST_GENERIC_RULE = TEXT_RULES.findIndex((rule) => rule.reason === 'userunknown');

export function reasonFromText(text: string): BounceReason | null {
  const rule = matchRule(text);
  return rule === null ? null : TEXT_RULES[rule]!.reason;
}

/**
 * Index of the first rule (in rule order) with a phrase in the text, or null. Links are read
 * without their path; their host counts only when nothing else does ("553 http://<list's lookup page>").
 */
export function matchRule(text: string): number | null {
  const slice = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  // A phrase ending in a space (" spf ", "worm ") holds at the text's end too ("... prohibited by SPF").
  const lower = reporterNotes(`${slice} `.toLowerCase())
    .replace(/<<<|>>>/g, ' ')
    .replace(QMAIL_BOILERPLATE, ' ')
    .replace(ADDRESS, '@')
    .replace(COMMAND_NOTE, ' ')
    .replace(STATUS_GLOSS, '$1')
    .replace(CONTINUATION, ' ')
    .replace(/\s+/g, ' ')
    .replace(STATUS_CONTINUATION, '');
  const found = matchPhrases(lower.replace(URL, ' '));
  return found ?? (lower.includes('://') ? matchPhrases(lower.replace(URL, ' $1 ')) : null);
}

/** The reporter's own notes (a suspended destination, a program, the host it talked to), dropped; each scan only when its mark is there. */
function reporterNotes(lower: string): string {
  let out = lower;
  if (out.includes('suspended:')) out = out.replace(POSTFIX_SUSPENDED, ' ');
  if (out.includes('"/') || out.includes('relay=')) out = out.replace(PROGRAM_NAME, ' ');
  if (out.includes('[')) out = out.replace(TALKED_TO_HOST, '$1');
  return out;
}

function matchPhrases(lower: string): number | null {
  // Each position's longest phrase, in text order (a position matches in one set only).
  const found: number[] = [];
  for (const set of PHRASE_SETS) {
    set.lastIndex = 0;
    for (let m = set.exec(lower); m !== null; m = set.exec(lower)) {
      found.push(m.index, m.index + m[0].length, PHRASE_RULE.get(m[0])!);
      set.lastIndex = m.index + 1;
    }
  }
  const order = Array.from({ length: found.length / 3 }, (_, i) => i * 3);
  if (PHRASE_SETS.length > 1) order.sort((a, b) => found[a]! - found[b]!);
  let best = Number.POSITIVE_INFINITY;
  // The longer phrase states the cause: "mailbox size limit exceeded" is not a message "size limit".
  let coveredTo = 0;
  for (const at of order) {
    const end = found[at + 1]!;
    if (end > coveredTo) {
      const rule = found[at + 2]!;
      if (rule < best) best = rule;
      coveredTo = end;
    }
  }
  for (const [rule, first, then, maxGap] of PAIRS) {
    if (rule >= best) break;
    if (pairMatches(lower, first, then, maxGap)) best = rule;
  }
  return Number.isFinite(best) ? best : null;
}
