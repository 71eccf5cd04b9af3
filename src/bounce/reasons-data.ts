/**
 * reasons.json, validated at load: every reason named is one of the taxonomy, every phrase lower
 * case (the classifier lower-cases the text), every pattern a valid regular expression. The file
 * is knowledge written by hand; a typo must fail at start-up, not silently stop a rule.
 */
import { MxError } from '../core/errors.js';
import reasonJson from './reasons.json' with { type: 'json' };
import type { BounceReason } from './types.js';

export interface TextRule {
  reason: BounceReason;
  contains: string[];
  /**
   * [first, then, maxGap?]: both phrases, the second after the first (a wording with a variable
   * part between: a name, an address), at most maxGap characters after it when given.
   */
  pairs?: PhrasePair[];
  /** The words decide whatever SMTP command they answered (a directory lookup's own wording). */
  anyStage?: boolean;
}

/** Two phrases of one wording; the gap bounds the characters between them (absent: unbounded). */
export type PhrasePair = [first: string, then: string, maxGap?: number];

/** The longest variable part a bounded pair allows (a long name, a quoted address). */
export const MAX_PAIR_GAP = 1000;

/** A provider's documented error-code scheme: the code found by `pattern` (group 1) names the reason. */
export interface CodeTable {
  pattern: RegExp;
  codes: Record<string, BounceReason | ''>;
}

/** A provider's documented replies (Sisimai 5 rhost/*.go): [reason, status, low, high, phrase]. */
export interface RemoteHostRule {
  reason: BounceReason;
  status: string;
  /** With a range, the status starts with `status` and its detail lies within low..high. */
  low: number | null;
  high: number | null;
  /**
   * Tables matched by reply code too (Google): the reply code whose last two digits must agree; in
   * a phrase table (Mimecast), the reply code itself.
   */
  reply: string | null;
  /** The SMTP command the refusal answered, when the provider's reading depends on it (NTT docomo). */
  command: string | null;
  /** Lower-case words the reply must hold; '' in a status row: the status alone decides. */
  phrase: string;
}

export interface RemoteHostTable {
  name: string;
  /** Host-name suffixes of the provider's MXes (".protection.outlook.com"). */
  hosts: string[];
  /** Rows are [reason, phrase]: the phrase alone decides (rhost/for-apple.go and the like); status ''. */
  /** Rows are [reason, reply, status, phrase] and match the reply code too (rhost/for-google.go). */
  byReply: boolean;
  /**
   * Whether a recipient at one of the hosts' domains selects the table (default true). False for
   * Google Workspace: "googlemail.com" is also consumer Gmail's domain, whose refusals are Google's
   * table's; only a remote host of its own selects Workspace's.
   */
  byDomain: boolean;
  rules: RemoteHostRule[];
}

export interface ReasonData {
  text: TextRule[];
  status: Record<string, BounceReason>;
  explanations: Record<BounceReason, string>;
  replyCodes: Record<string, BounceReason>;
  recipientDomains: Record<string, BounceReason>;
  /** Amazon SES bounceSubType -> the reason it states when the server's words are missing. */
  sesBounceSubtypes: Record<string, BounceReason>;
  providerCodes: CodeTable[];
  remoteHosts: RemoteHostTable[];
}

type Json = Record<string, unknown>;

function fail(what: string): never {
  throw new MxError('config', `src/bounce/reasons.json: ${what}`);
}
function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Json;
}
function list(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) fail(`${what} must be an array`);
  return v;
}
function phrase(v: unknown, what: string): string {
  if (typeof v !== 'string' || v === '' || v !== v.toLowerCase()) fail(`${what} must be a lower-case string`);
  return v;
}

function gap(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_PAIR_GAP)
    fail(`${what} (maximum gap) must be a whole number of characters from 0 to ${MAX_PAIR_GAP}`);
  return v;
}

function reasonMap(v: unknown, what: string, known: Set<string>): Record<string, BounceReason> {
  const out: Record<string, BounceReason> = {};
  for (const [key, value] of Object.entries(obj(v, what))) {
    if (key.startsWith('$')) continue;
    if (typeof value !== 'string' || !known.has(value))
      fail(`${what}.${key}: unknown reason ${String(value)}`);
    out[key] = value as BounceReason;
  }
  return out;
}

function textRule(v: unknown, i: number, known: Set<string>): TextRule {
  const o = obj(v, `text[${i}]`);
  if (typeof o.reason !== 'string' || !known.has(o.reason)) fail(`text[${i}].reason is not a known reason`);
  const rule: TextRule = {
    reason: o.reason as BounceReason,
    contains: list(o.contains, `text[${i}].contains`).map((p, j) => phrase(p, `text[${i}].contains[${j}]`)),
  };
  if (o.pairs !== undefined)
    rule.pairs = list(o.pairs, `text[${i}].pairs`).map((p, j) => {
      const pair = list(p, `text[${i}].pairs[${j}]`);
      if (pair.length !== 2 && pair.length !== 3)
        fail(`text[${i}].pairs[${j}] must hold two phrases and an optional maximum gap`);
      const out: PhrasePair = [
        phrase(pair[0], `text[${i}].pairs[${j}][0]`),
        phrase(pair[1], `text[${i}].pairs[${j}][1]`),
      ];
      if (pair.length === 3) out.push(gap(pair[2], `text[${i}].pairs[${j}][2]`));
      return out;
    });
  if (o.anyStage !== undefined) {
    if (typeof o.anyStage !== 'boolean') fail(`text[${i}].anyStage must be true or false`);
    rule.anyStage = o.anyStage;
  }
  return rule;
}

function codeTable(v: unknown, i: number, known: Set<string>): CodeTable {
  const o = obj(v, `providerCodes[${i}]`);
  if (typeof o.pattern !== 'string') fail(`providerCodes[${i}].pattern must be a string`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(o.pattern, 'i');
  } catch {
    fail(`providerCodes[${i}].pattern is not a valid regular expression`);
  }
  const codes: Record<string, BounceReason | ''> = {};
  for (const [code, reason] of Object.entries(obj(o.codes, `providerCodes[${i}].codes`))) {
    if (code.startsWith('$')) continue;
    if (reason !== '' && (typeof reason !== 'string' || !known.has(reason)))
      fail(`providerCodes[${i}].codes.${code}: unknown reason`);
    codes[code.toUpperCase()] = reason as BounceReason | '';
  }
  return { pattern, codes };
}

function remoteHostTable(v: unknown, i: number, known: Set<string>): RemoteHostTable {
  const o = obj(v, `remoteHosts[${i}]`);
  if (typeof o.name !== 'string') fail(`remoteHosts[${i}].name must be a string`);
  const hosts = list(o.hosts, `remoteHosts[${i}].hosts`).map((h, j) =>
    phrase(h, `remoteHosts[${i}].hosts[${j}]`),
  );
  const byReply = o.byReply === true;
  const byPhrase = o.byPhrase === true;
  if (o.byDomain !== undefined && typeof o.byDomain !== 'boolean')
    fail(`remoteHosts[${i}].byDomain must be a boolean`);
  const byDomain = o.byDomain !== false;
  const rules = list(o.rules, `remoteHosts[${i}].rules`).map((r, j): RemoteHostRule => {
    const what = `remoteHosts[${i}].rules[${j}]`;
    const row = list(r, what);
    if (byPhrase) {
      const [reason, text, reply] = row;
      if ((row.length !== 2 && row.length !== 3) || typeof reason !== 'string' || !known.has(reason))
        fail(`${what} must be [reason, phrase] or [reason, phrase, reply]`);
      if (reply !== undefined && (typeof reply !== 'string' || !/^[245]\d\d$/.test(reply)))
        fail(`${what}: bad reply code`);
      const rule = { reason: reason as BounceReason, status: '', low: null, high: null, command: null };
      return { ...rule, reply: reply ?? null, phrase: phrase(text, `${what}[1]`) };
    }
    if (byReply) {
      const [reason, reply, status, text] = row;
      if (row.length !== 4 || typeof reason !== 'string' || !known.has(reason))
        fail(`${what} must be [reason, reply, status, phrase]`);
      if (typeof reply !== 'string' || !/^[245]\d\d$/.test(reply)) fail(`${what}: bad reply code`);
      if (typeof status !== 'string' || !/^[245]\.\d{1,3}\.\d{1,3}$/.test(status))
        fail(`${what}: bad status`);
      const rule = { reason: reason as BounceReason, status, low: null, high: null, reply, command: null };
      return { ...rule, phrase: phrase(text, `${what}[3]`) };
    }
    const [reason, status, low, high, text, command] = row;
    if ((row.length !== 5 && row.length !== 6) || typeof reason !== 'string' || !known.has(reason))
      fail(`${what} must be [reason, status, low, high, phrase] or [..., command]`);
    if (command !== undefined && (typeof command !== 'string' || !/^(?:HELO|MAIL|RCPT|DATA)$/.test(command)))
      fail(`${what}: bad SMTP command`);
    if (typeof status !== 'string' || !/^[245]\.(?:\d{1,3}\.(?:\d{1,3})?)?$/.test(status))
      fail(`${what}: bad status`);
    const range = low !== '' || high !== '';
    if (range && !(/^\d+$/.test(String(low)) && /^\d+$/.test(String(high)))) fail(`${what}: bad range`);
    return {
      reason: reason as BounceReason,
      status,
      low: range ? Number(low) : null,
      high: range ? Number(high) : null,
      reply: null,
      command: command ?? null,
      phrase: text === '' ? '' : phrase(text, `${what}[4]`),
    };
  });
  return { name: o.name, hosts, byReply, byDomain, rules };
}

/** Checks the shape of reasons.json; throws MxError('config') naming the bad field. */
export function parseReasonData(data: unknown): ReasonData {
  const root = obj(data, 'the file');
  const explanations = obj(root.explanations, 'explanations');
  const known = new Set(Object.keys(explanations).filter((k) => !k.startsWith('$')));
  for (const reason of known)
    if (typeof explanations[reason] !== 'string') fail(`explanations.${reason} must be a sentence`);
  return {
    text: list(root.text, 'text').map((r, i) => textRule(r, i, known)),
    status: reasonMap(root.status, 'status', known),
    explanations: explanations as Record<BounceReason, string>,
    replyCodes: reasonMap(root.replyCodes, 'replyCodes', known),
    recipientDomains: reasonMap(root.recipientDomains, 'recipientDomains', known),
    sesBounceSubtypes:
      root.sesBounceSubtypes === undefined
        ? {}
        : reasonMap(root.sesBounceSubtypes, 'sesBounceSubtypes', known),
    providerCodes: list(root.providerCodes, 'providerCodes').map((t, i) => codeTable(t, i, known)),
    remoteHosts: list(root.remoteHosts, 'remoteHosts').map((t, i) => remoteHostTable(t, i, known)),
  };
}

/** The shipped reason knowledge, validated once at module load (a bad file fails at start-up). */
export const REASON_DATA: ReasonData = parseReasonData(reasonJson);

/** Diagnostic text examined per recipient: reasons are stated early; this bounds the work per message. */
export const MAX_CLASSIFY_CHARS = 8192;
