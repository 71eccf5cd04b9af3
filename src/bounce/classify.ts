/**
 * Reason classification: diagnostic text and status codes -> one word of Sisimai's taxonomy,
 * plus hard/soft. The knowledge (phrases, code table, explanations) is data in reasons.json.
 */
import reasonData from './reasons.json' with { type: 'json' };
import { statusKey } from './codes.js';
import type { BounceReason } from './types.js';

interface TextRule {
  reason: BounceReason;
  contains: string[];
}

const TEXT_RULES = reasonData.text as TextRule[];
const STATUS_TABLE = reasonData.status as Record<string, BounceReason>;
const EXPLANATIONS = reasonData.explanations as Record<BounceReason, string>;

/** Diagnostic text examined per recipient: reasons are stated early; this bounds the work per message. */
export const MAX_CLASSIFY_CHARS = 8192;

/** Status codes whose meaning is specific enough to beat the wording of the text. */
const DECISIVE_STATUS = new Set([
  'x.1.1', 'x.1.2', 'x.1.6', 'x.1.7', 'x.1.8', 'x.1.10', 'x.2.2', 'x.2.3', 'x.3.4', 'x.7.13', 'x.7.17', 'x.7.18',
  'x.7.23', 'x.7.25', 'x.7.26', 'x.7.27', 'x.7.509', 'x.7.606', 'x.7.650',
]);

export interface ClassifyInput {
  text: string;
  /** The SMTP command the server answered (RCPT, MAIL, DATA...), when the bounce says. */
  command: SmtpCommand | null;
  status: string | null;
  replyCode: string | null;
  action: string | null;
}

export function reasonFromText(text: string): BounceReason | null {
  const lower = (text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text).toLowerCase();
  for (const rule of TEXT_RULES) {
    for (const phrase of rule.contains) if (lower.includes(phrase)) return rule.reason;
  }
  return null;
}

export function reasonFromStatus(status: string | null): BounceReason | null {
  if (status === null) return null;
  return STATUS_TABLE[statusKey(status)] ?? null;
}

export function classifyReason(input: ClassifyInput): BounceReason {
  if (input.action === 'delivered' || input.action === 'relayed' || input.action === 'expanded') return 'delivered';
  if (input.status?.startsWith('2.')) return 'delivered';
  const key = input.status ? statusKey(input.status) : null;
  if (key && DECISIVE_STATUS.has(key)) return byCommand(STATUS_TABLE[key]!, input.command);
  const fromText = reasonFromText(input.text);
  if (fromText) return byCommand(fromText, input.command);
  if (input.action === 'delayed') return 'expired';
  const fromStatus = reasonFromStatus(input.status);
  if (fromStatus) return byCommand(fromStatus, input.command);
  return input.status || input.replyCode ? 'onhold' : 'undefined';
}

/** Reasons about the recipient that, answered to MAIL FROM, are about the sender instead. */
const SENDER_SIDE = new Set<BounceReason>(['userunknown', 'hostunknown', 'filtered', 'securityerror', 'systemerror']);

/**
 * The SMTP command that drew the refusal refines the reason: an unknown-user reply to DATA
 * means a filter refused the accepted address; one to MAIL FROM concerns the sender (RFC 5321 §3.3).
 */
function byCommand(reason: BounceReason, command: SmtpCommand | null): BounceReason {
  if (command === 'DATA' && reason === 'userunknown') return 'filtered';
  if (command === 'MAIL' && SENDER_SIDE.has(reason)) return 'rejected';
  return reason;
}

export type SmtpCommand = 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'CONN';

const COMMAND_PATTERNS: [RegExp, SmtpCommand][] = [
  [/in reply to (?:end of )?data command|after (?:end of )?data\b|>>> data\b|after sending data|after data\b|final data|message text/i, 'DATA'],
  [/in reply to rcpt to command|after rcpt to|>>> rcpt to|rcpt to:<[^>]{0,300}>\s*[:,]?\s*[45]\d\d/i, 'RCPT'],
  [/in reply to mail from command|after mail from|>>> mail from|mail from:<[^>]{0,300}>[^\n]{0,40}:\s*[45]\d\d/i, 'MAIL'],
  [/in reply to (?:helo|ehlo) command|after (?:helo|ehlo)|>>> (?:helo|ehlo)/i, 'HELO'],
];

/** Which SMTP command the refusal answered, from the MTAs' usual wording; null when unsaid. */
export function findSmtpCommand(text: string): SmtpCommand | null {
  for (const [pattern, command] of COMMAND_PATTERNS) if (pattern.test(text)) return command;
  return null;
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
