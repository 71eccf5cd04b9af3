/**
 * Reason classification: diagnostic text and status codes -> one word of Sisimai's taxonomy,
 * plus hard/soft. The knowledge (phrases, code table, explanations) is data in reasons.json.
 */

import { statusKey } from './codes.js';
import reasonData from './reasons.json' with { type: 'json' };
import type { BounceReason } from './types.js';

interface TextRule {
  reason: BounceReason;
  contains: string[];
}

const TEXT_RULES = reasonData.text as TextRule[];
const STATUS_TABLE = reasonData.status as Record<string, BounceReason>;
const EXPLANATIONS = reasonData.explanations as Record<BounceReason, string>;
const RECIPIENT_DOMAINS = reasonData.recipientDomains as Record<string, string>;

/** A provider-wide reason for bounces from a recipient domain (reasons.json recipientDomains), or null. */
export function reasonForRecipientDomain(address: string | null): BounceReason | null {
  if (!address) return null;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  for (const [suffix, reason] of Object.entries(RECIPIENT_DOMAINS)) {
    if (!suffix.startsWith('$') && (domain === suffix || domain.endsWith(`.${suffix}`)))
      return reason as BounceReason;
  }
  return null;
}

/** Diagnostic text examined per recipient: reasons are stated early; this bounds the work per message. */
export const MAX_CLASSIFY_CHARS = 8192;

/** Status codes whose meaning is specific enough to beat the wording of the text. */
const DECISIVE_STATUS = new Set([
  'x.1.1',
  'x.1.2',
  'x.1.6',
  'x.1.7',
  'x.1.8',
  'x.1.10',
  'x.2.2',
  'x.2.3',
  'x.3.4',
  'x.7.13',
  'x.7.17',
  'x.7.18',
  'x.7.9',
  'x.7.23',
  'x.7.25',
  'x.7.26',
  'x.7.27',
  'x.7.509',
  'x.7.606',
  'x.7.650',
]);

export interface ClassifyInput {
  text: string;
  /** The SMTP command the server answered (RCPT, MAIL, DATA...), when the bounce says. */
  command: SmtpCommand | null;
  status: string | null;
  replyCode: string | null;
  action: string | null;
}

/** Multi-line replies repeat "550-5.7.1 " on each line; dropping the repeats lets phrases match across lines. */
const CONTINUATION = /\s[245]\d\d[- ](?:[245]\.\d{1,3}\.\d{1,3}\s)?/g;

/**
 * All phrases in one alternation, ordered by rule: at each position the engine reports the
 * earliest-ruled phrase that starts there, and the lowest rule over all positions wins, which is
 * what trying the rules in order would give, in one pass over the text instead of ~600.
 */
const PHRASE_RULE = new Map<string, number>();
TEXT_RULES.forEach((rule, index) => {
  for (const phrase of rule.contains) if (!PHRASE_RULE.has(phrase)) PHRASE_RULE.set(phrase, index);
});
const ALL_PHRASES = new RegExp(
  [...PHRASE_RULE.keys()].map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
  'g',
);

/** Rules before the first broad userunknown rule hold specific phrases; later ones are broad. */
const FIRST_GENERIC_RULE = TEXT_RULES.findIndex((rule) => rule.reason === 'userunknown');

export function reasonFromText(text: string): BounceReason | null {
  const rule = matchRule(text);
  return rule === null ? null : TEXT_RULES[rule]!.reason;
}

/** Index of the first rule (in rule order) with a phrase in the text, or null. */
function matchRule(text: string): number | null {
  const slice = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  const lower = slice
    .toLowerCase()
    .replace(/<<<|>>>/g, ' ')
    .replace(CONTINUATION, ' ')
    .replace(/\s+/g, ' ');
  let best = Number.POSITIVE_INFINITY;
  ALL_PHRASES.lastIndex = 0;
  for (let m = ALL_PHRASES.exec(lower); m !== null; m = ALL_PHRASES.exec(lower)) {
    const rule = PHRASE_RULE.get(m[0])!;
    if (rule < best) best = rule;
    ALL_PHRASES.lastIndex = m.index + 1;
  }
  return Number.isFinite(best) ? best : null;
}

export function reasonFromStatus(status: string | null): BounceReason | null {
  if (status === null) return null;
  return STATUS_TABLE[statusKey(status)] ?? null;
}

const QMAIL_GAVE_UP = "I'm not going to try again; this message has been in the queue too long.";

/** RFC 3464 §2.3.3 success actions ("deliverable" is an MTA variant seen in the wild). */
const DELIVERED_ACTIONS = new Set(['delivered', 'relayed', 'expanded', 'deliverable']);

export function classifyReason(input: ClassifyInput): BounceReason {
  if (input.action && DELIVERED_ACTIONS.has(input.action)) return 'delivered';
  if (input.status?.startsWith('2.')) return 'delivered';
  const key = input.status ? statusKey(input.status) : null;
  if (key === 'x.1.1') return overrideUserUnknown(input.text);
  if (key && DECISIVE_STATUS.has(key)) return STATUS_TABLE[key]!;
  // qmail closes every expired temporary failure with the same sentence; the cause is the text before it.
  const gaveUp = input.text.includes(QMAIL_GAVE_UP);
  const fromText = reasonFromText(gaveUp ? input.text.replace(QMAIL_GAVE_UP, ' ') : input.text);
  if (fromText) return byTemporary(byCommand(unknownOutsideRcpt(fromText, input), input.command), input);
  const fromStatus = reasonFromStatus(input.status);
  if (gaveUp) return fromStatus ?? 'expired';
  if (input.action === 'delayed') return 'expired';
  if (fromStatus) return byCommand(fromStatus, input.command);
  // A temporary refusal with no stated cause in a report of final failure: the sender's MTA gave up.
  if ((input.status ?? input.replyCode ?? '').startsWith('4')) return 'expired';
  return input.status || input.replyCode ? 'onhold' : 'undefined';
}

/**
 * "User unknown" said to anything but RCPT TO (RFC 5321 §3.3: RCPT is where a server refuses an
 * address) comes from a filter that looked at the whole message: the address was accepted first.
 */
function unknownOutsideRcpt(reason: BounceReason, input: ClassifyInput): BounceReason {
  if (reason !== 'userunknown' || input.command === 'RCPT') return reason;
  // "Mailbox disabled" (x.2.1) with unknown-user words, not said to RCPT: a suspended account.
  if (reasonFromStatus(input.status) === 'suspend') return 'suspend';
  if (input.replyCode === null) return reason;
  return input.command === 'MAIL' ? reason : 'filtered';
}

/** Reasons about the recipient that, answered to MAIL FROM, are about the sender instead. */
const SENDER_SIDE = new Set<BounceReason>(['userunknown', 'hostunknown', 'filtered']);

const CONNECT_STAGE = new Set<BounceReason>([
  'rejected',
  'filtered',
  'userunknown',
  'onhold',
  'undefined',
  'requireptr',
]);

/**
 * The SMTP command that drew the refusal refines the reason: an unknown-user reply to DATA
 * means a filter refused the accepted address; one to MAIL FROM concerns the sender (RFC 5321 §3.3).
 */
function byCommand(reason: BounceReason, command: SmtpCommand | null): BounceReason {
  if (command === 'DATA' && reason === 'userunknown') return 'filtered';
  if (command === 'MAIL' && SENDER_SIDE.has(reason)) return 'rejected';
  // Refused at connect or HELO, before any sender or recipient was named: it is our host that is refused.
  if (command === 'HELO' && CONNECT_STAGE.has(reason)) return 'blocked';
  return reason;
}

/** A temporary (4xx) "host not found" is a DNS failure, not a domain that does not exist. */
function byTemporary(reason: BounceReason, input: ClassifyInput): BounceReason {
  const temporary = (input.status ?? input.replyCode ?? '').startsWith('4');
  return temporary && reason === 'hostunknown' ? 'networkerror' : reason;
}

/** Reasons that a "bad mailbox" code (x.1.1) often stands in for, when the words say so. */
const OVERRIDES_OF_UNKNOWN = new Set<BounceReason>([
  'norelaying',
  'blocked',
  'mailboxfull',
  'hasmoved',
  'notaccept',
  'mailererror',
]);

function overrideUserUnknown(text: string): BounceReason {
  const rule = matchRule(text);
  const fromText = rule === null ? null : TEXT_RULES[rule]!.reason;
  if (fromText === 'filtered' && rule !== null && rule < FIRST_GENERIC_RULE) return 'filtered';
  return fromText && OVERRIDES_OF_UNKNOWN.has(fromText) ? fromText : 'userunknown';
}

export type SmtpCommand = 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'CONN';

const COMMAND_PATTERNS: [RegExp, SmtpCommand][] = [
  [
    /in\s+reply\s+to\s+(?:end\s+of\s+)?data\s+command|after\s+(?:end\s+of\s+)?data\b|did\s+not\s+like\s+our\s+(?:final\s+)?data|smtp\s+command:?\s+data\b/i,
    'DATA',
  ],
  [
    /in\s+reply\s+to\s+rcpt\s+to\s+command|after\s+rcpt(?:\s+to|\s+command)|did\s+not\s+like\s+our\s+rcpt\s+to|smtp\s+command:?\s+rcpt\b|\[rcpt_to\]|smtp:rcpt\b|recipient\s+address\s+rejected|invalid\s+recipient|requested\s+action\s+not\s+taken:\s+mailbox\s+unavailable|this\s+user\s+doesn't\s+have\s+a/i,
    'RCPT',
  ],
  [
    /in\s+reply\s+to\s+mail\s+from\s+command|after\s+mail\s+from|did\s+not\s+like\s+our\s+mail\s+from|smtp\s+command:?\s+mail\b/i,
    'MAIL',
  ],
  [/in\s+reply\s+to\s+(?:helo|ehlo)\s+command|after\s+(?:helo|ehlo)|after\s+initial\s+connection/i, 'HELO'],
];
const TRANSCRIPT =
  /^[ \t]*>>> (MAIL|RCPT|DATA|HELO|EHLO)\b[^\n]{0,500}\n(?:[ \t]*<<< [23]\d\d[^\n]{0,500}\n){0,20}[ \t]*<<< [45]\d\d/im;

/** Which SMTP command the refusal answered, from the MTAs' usual wording; null when unsaid. */
export function findSmtpCommand(text: string): SmtpCommand | null {
  for (const [pattern, command] of COMMAND_PATTERNS) if (pattern.test(text)) return command;
  const m = TRANSCRIPT.exec(text);
  if (!m) return null;
  const word = m[1]!.toUpperCase();
  return word === 'EHLO' ? 'HELO' : (word as SmtpCommand);
}

const ALWAYS_HARD = new Set<BounceReason>(['userunknown', 'hostunknown', 'hasmoved']);

/** Hard: retrying cannot succeed. notaccept is hard only as a permanent (5xx) refusal. */
export function isHardBounce(reason: BounceReason, status: string | null, replyCode: string | null): boolean {
  if (ALWAYS_HARD.has(reason)) return true;
  if (reason === 'notaccept') return (status ?? replyCode ?? '5').startsWith('5');
  return false;
}

export function explainReason(reason: BounceReason): string {
  return EXPLANATIONS[reason];
}
