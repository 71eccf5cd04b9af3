/**
 * Reason classification: diagnostic text and status codes -> one word of Sisimai's taxonomy,
 * plus hard/soft. The knowledge (phrases, code table, explanations) is data in reasons.json; the
 * providers' documented readings are in provider-reasons.ts, the reading of the words in
 * text-reasons.ts, and the order in which status, words and providers decide is here.
 */

import { findEnhancedStatus, statusKey } from './codes.js';
import {
  reasonForRecipientDomain,
  reasonFromDocumentedReply,
  reasonFromProviderCode,
  reasonFromRemoteHost,
  selectTable,
} from './provider-reasons.js';
import { MAX_CLASSIFY_CHARS, REASON_DATA } from './reasons-data.js';
import { findImpliedCommand, findSmtpCommand, findStatedCommand, type SmtpCommand } from './smtp-command.js';
import { FIRST_GENERIC_RULE, matchRule, reasonFromText, TEXT_RULES } from './text-reasons.js';
import type { BounceReason } from './types.js';

export {
  findImpliedCommand,
  findSmtpCommand,
  findStatedCommand,
  reasonForRecipientDomain,
  reasonFromProviderCode,
  reasonFromRemoteHost,
  reasonFromText,
  type SmtpCommand,
};

const STATUS_TABLE = REASON_DATA.status;
const EXPLANATIONS = REASON_DATA.explanations;
/** Reply codes with one meaning (RFC 7504 521/556, RFC 5248 525), used when neither words nor status decide. */
const REPLY_CODES = REASON_DATA.replyCodes;

/**
 * Status codes whose meaning is specific enough to beat the wording of the text. Not x.1.10: RFC
 * 7505 made it "null MX", but Exchange Online sends it for a recipient not found
 * (RESOLVER.ADR.RecipientNotFound), so the words decide and the code only when they are silent.
 */
const DECISIVE_STATUS = new Set([
  'x.1.1',
  'x.1.2',
  'x.1.6',
  'x.1.7',
  'x.1.8',
  'x.2.2',
  'x.2.3',
  'x.3.4',
  'x.7.13',
  'x.7.17',
  'x.7.18',
  'x.7.23',
  'x.7.25',
  'x.7.26',
  'x.7.27',
  'x.7.509',
  'x.7.606',
  'x.7.650',
  'x.7.651',
]);

/**
 * Decisive codes that a major provider documents with another meaning: when the words state that
 * meaning, they decide. Gmail answers 4.7.27/5.7.27 for "SPF authentication didn't pass"
 * (https://support.google.com/a/answer/3726730), where RFC 7505 gave 5.7.27 to a sender's null MX.
 */
const REUSED_STATUS: Record<string, BounceReason> = { 'x.7.27': 'authfailure' };

/**
 * Permanent "other address status" and "bad destination mailbox address syntax" (RFC 3463 5.1.0,
 * 5.1.3): the address is bad, whatever command drew them (Sisimai 5's smtp/status names them
 * userunknown), when the words name no other cause (badAddressReason). Their temporary twins name
 * no cause.
 */
const BAD_ADDRESS_STATUS = new Set(['5.1.0', '5.1.3']);

/** Words calling the address itself malformed: its syntax, not its host, is refused. */
const INVALID_ADDRESS =
  /\b(?:recipient|destination) address\b[^;]{0,300}?\bis not a valid (?:rfc[- ]?(?:5321|2821|822) |e-?mail )?address\b|\b(?:invalid|malformed|bad) (?:recipient|destination) address syntax\b/i;

/**
 * What the words may say under 5.1.0/5.1.3 and still leave the address to blame: an unknown or
 * malformed address or domain, a refusal with no cause ("Message rejected"). Any other reason the
 * words state (a virus, spam, a policy, the sender's authentication, a limit) is about the message
 * or the sender, and a valid recipient must not be suppressed for it.
 */
const ADDRESS_WORDING = new Set<BounceReason>([
  'userunknown',
  'filtered',
  'syntaxerror',
  'hostunknown',
  'onhold',
]);

export interface ClassifyInput {
  text: string;
  /** The SMTP command the server answered (RCPT, MAIL, DATA...), when the bounce says. */
  command: SmtpCommand | null;
  status: string | null;
  replyCode: string | null;
  action: string | null;
  /** The Diagnostic-Code type (RFC 3464 §2.3.6), lower-cased, when a DSN gave one. */
  diagnosticType?: string | null;
  /** The DSN's own Status field (RFC 3464 §2.3.4), when there is one: the reporting MTA's verdict. */
  dsnStatus?: string | null;
  /** A reply pasted on its own, with no report around it: nothing says the sender gave up. */
  pasted?: boolean;
  /** The server that refused ("mx.example.net [192.0.2.1]"), when known: provider rules apply to it. */
  remoteHost?: string | null;
  /** The recipient's address, when known. */
  recipient?: string | null;
}

export function reasonFromStatus(status: string | null): BounceReason | null {
  if (status === null) return null;
  // A class-specific entry ("4.7.1") beats its x.Y.Z twin: Sisimai 5 names some temporary codes apart.
  return STATUS_TABLE[status] ?? STATUS_TABLE[statusKey(status)] ?? null;
}

/** The stock wording of a 550 with nothing more specific ("Mailbox not available / Konto niedostepne"). */
const STOCK_UNAVAILABLE =
  /^(?![\s\S]*(?:unknown|no such|not exist|does not|doesn't|not found|invalid))[\s\S]*\bmailbox (?:is )?(?:unavailable|not available)\b/i;

const QMAIL_GAVE_UP = "I'm not going to try again; this message has been in the queue too long.";

/** RFC 3464 §2.3.3 success actions ("deliverable" is an MTA variant seen in the wild). */
const DELIVERED_ACTIONS = new Set(['delivered', 'relayed', 'expanded', 'deliverable']);

export function classifyReason(given: ClassifyInput): BounceReason {
  // An enhanced code in the text counts as the status when no Status field gave one.
  const input =
    given.status === null
      ? { ...given, status: findEnhancedStatus(given.text.slice(0, MAX_CLASSIFY_CHARS)) }
      : given;
  if (input.action && DELIVERED_ACTIONS.has(input.action)) return 'delivered';
  if (input.status?.startsWith('2.')) return 'delivered';
  // "Diagnostic-Code: X-Unix; ..." is the output of a local delivery program (procmail, a pipe).
  if (input.diagnosticType === 'x-unix') return localProgramReason(input.text);
  const fromHost = reasonFromRemoteHost(
    input.remoteHost ?? null,
    input.recipient ?? null,
    input.status,
    input.text,
    input.replyCode,
    input.command,
  );
  if (fromHost) return fromHost;
  if (selectTable(input.remoteHost ?? null, input.recipient ?? null) === null) {
    const documented = reasonFromDocumentedReply(input.status, input.text, input.replyCode, input.command);
    if (documented) return documented;
  }
  const key = input.status ? statusKey(input.status) : null;
  const fromCode = reasonFromProviderCode(input.text);
  if (fromCode && !statusAndWordsAgree(key, input)) return fromCode;
  if (key === 'x.1.1') return overrideUserUnknown(input.text);
  // X.1.2 blames the destination host, but a reply that calls the whole address invalid (Gmail's
  // "553 5.1.2 The recipient address <a@b> is not a valid RFC-5321 address") blames the address,
  // as 5.1.3 does (bad destination mailbox address syntax).
  if (key === 'x.1.2' && INVALID_ADDRESS.test(input.text.slice(0, MAX_CLASSIFY_CHARS)))
    return byCommand('userunknown', input.command);
  // Answered to MAIL FROM, a bad address is the sender's (RFC 5321 §3.3).
  if (BAD_ADDRESS_STATUS.has(input.status ?? ''))
    return byCommand(badAddressReason(input.text), input.command === 'MAIL' ? 'MAIL' : null);
  if (key && DECISIVE_STATUS.has(key)) {
    if (REUSED_STATUS[key] !== undefined && reasonFromText(input.text) === REUSED_STATUS[key])
      return REUSED_STATUS[key];
    return reasonFromStatus(input.status)!;
  }
  // qmail closes every expired temporary failure with the same sentence; the cause is the text before it.
  const gaveUp = input.text.includes(QMAIL_GAVE_UP);
  const rule = matchRule(gaveUp ? input.text.replace(QMAIL_GAVE_UP, ' ') : input.text);
  if (rule !== null && TEXT_RULES[rule]!.anyStage) return TEXT_RULES[rule]!.reason;
  const fromText = rule === null ? null : TEXT_RULES[rule]!.reason;
  // RFC 5321's stock 550 text ("mailbox unavailable") names no cause; a mailbox-status code
  // (x.2.x: disabled, full, over a limit) does.
  if (fromText === 'userunknown' && key?.startsWith('x.2.') && STOCK_UNAVAILABLE.test(input.text))
    return reasonFromStatus(input.status) ?? fromText;
  if (fromText && input.pasted && !answeredByServer(input) && isConnectionFailure(fromText, input.text))
    return 'networkerror';
  if (fromText) return byTemporary(byCommand(unknownOutsideRcpt(fromText, input), input.command), input);
  if (isBareDeferral(input)) return 'speeding';
  const fromStatus = reasonFromStatus(input.status);
  if (gaveUp) return fromStatus ?? 'expired';
  if (input.action === 'delayed') return 'expired';
  // RFC 3463's X.7.0 and X.0.0 are "other or undefined security/policy status" and "other undefined
  // status": pasted alone with no words of cause, they name none either (Sisimai reads X.7.0 as a
  // security error, which says more than the code). X.3.0 and X.4.0 still name their subject
  // (the mail system, the network).
  if (fromStatus && input.pasted && /^\d\.[07]\.0$/.test(input.status ?? '')) return 'undefined';
  if (fromStatus) return byCommand(fromStatus, input.command);
  const fromReply = input.replyCode ? REPLY_CODES[input.replyCode] : undefined;
  if (fromReply) return fromReply;
  // A temporary refusal with no stated cause: Sisimai 5 (reason/find.go) calls it expired only when
  // the report's Action says the sender is still trying or gave up on time (delayed/expired); in a
  // report of final failure the cause is unknown (onhold). Pasted alone, nothing is known (undefined).
  if ((input.status ?? input.replyCode ?? '').startsWith('4')) {
    if (input.pasted) return 'undefined';
    return input.action === 'failed' ? 'onhold' : 'expired';
  }
  // Refused at connect or EHLO with no stated cause: our host was refused (RFC 5321 §3.1, §4.1.1.1).
  if (input.command === 'HELO') return 'blocked';
  // A report of final failure whose cause is unstated is on hold (Sisimai 5); a reply pasted on its
  // own is no report: its cause is simply undefined, as for a pasted 4xx above.
  return (input.status || input.replyCode) && !input.pasted ? 'onhold' : 'undefined';
}

/**
 * "451 4.7.1 Try again later" and nothing more: a temporary policy refusal (RFC 3463 4.7.0/4.7.1)
 * that names no cause and asks for a retry is a deferral of this sender, not a block: it is the
 * default words of rspamd's greylisting (https://rspamd.com/doc/modules/greylisting.html,
 * "message": "Try again later") and of rate deferrals. Words naming a cause (a list, reputation,
 * a policy) are read by the text rules before this.
 */
const RETRY_LATER = /\b(?:try|come back|retry)(?: again)? later\b/i;
/**
 * The same words relayed with no enhanced code (OpenSMTPD's filter-rspamd, Haraka: "451 Try again
 * later"): the reply is these words alone, straight after a 450/451, and nothing else of its own.
 */
const BARE_RETRY_REPLY = /\b45[01] (?:please )?(?:try|retry)(?: again)? later\b(?![ ,]*\w)/i;

function isBareDeferral(input: ClassifyInput): boolean {
  const status = input.status ?? '';
  const text = input.text.slice(0, MAX_CLASSIFY_CHARS);
  if (status === '4.7.0' || status === '4.7.1') return RETRY_LATER.test(text);
  return status === '' && BARE_RETRY_REPLY.test(text);
}

/**
 * A connection that failed (timed out, refused by the host's TCP stack, no route): in a report of
 * final failure Sisimai 5 reads these words as `expired` (the sender gave up) or, for "connection
 * refused", `blocked`. A pasted log line or reply says neither: one attempt met a network fault
 * (RFC 3463 X.4.x), and nothing says the sender gave up or was refused by policy. Only when these
 * are the text's only cause words ("retry timeout exceeded", "will retry", a list still decide).
 */
const CONNECTION_FAILURE =
  /\b(?:connection timed out|connection timeout|smtp timeout|timed out|timeout exceeded|connection refused|network is unreachable|no route to host)\b/gi;

/**
 * A reply code is the server's own answer: "554 Connection refused" refuses by policy (RFC 5321
 * §3.1, "no SMTP service here"), not the network; only a network status (X.4.x) says otherwise.
 */
function answeredByServer(input: ClassifyInput): boolean {
  if (!input.replyCode) return false;
  const status = input.status ?? '';
  return !(status.startsWith('4.4.') || status.startsWith('5.4.'));
}

function isConnectionFailure(fromText: BounceReason, text: string): boolean {
  if (fromText !== 'expired' && fromText !== 'blocked') return false;
  const head = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  const rest = head.replace(CONNECTION_FAILURE, ' ');
  if (rest === head) return false;
  const other = matchRule(rest);
  return other === null || TEXT_RULES[other]!.reason === 'networkerror';
}

/** Resource limits a local delivery program reports in its own words; anything else is its failure. */
const LOCAL_PROGRAM_LIMITS = new Set<BounceReason>([
  'mailboxfull',
  'systemfull',
  'mesgtoobig',
  'exceedlimit',
]);

function localProgramReason(text: string): BounceReason {
  const fromText = reasonFromText(text);
  return fromText && LOCAL_PROGRAM_LIMITS.has(fromText) ? fromText : 'mailererror';
}

/**
 * "User unknown" said to anything but RCPT TO (RFC 5321 §3.3: RCPT is where a server refuses an
 * address), or with no command named and no x.1.1 code, is Sisimai's `filtered`: a rule or filter
 * refused the accepted address. Directory wordings (anyStage rules) are decided before this.
 */
function unknownOutsideRcpt(reason: BounceReason, input: ClassifyInput): BounceReason {
  if (reason !== 'userunknown' || input.command === 'RCPT') return reason;
  // "Diagnostic-Code: X-Postfix; unknown user" is Postfix's own local lookup (local(8), its alias
  // and user tables), not a remote reply: no SMTP command and no filter, the address is unknown.
  if (input.diagnosticType === 'x-postfix' && input.command === null) return reason;
  // An x.2.1 ("mailbox disabled") over unknown-user words outside RCPT is a filter's refusal, as
  // Sisimai 5 reads it (5.2.1 names `filtered`); a Status comment saying "disabled" makes it
  // suspend (recipient.ts byStatusComment).
  const verdict = reasonFromStatus(input.dsnStatus ?? null);
  if (verdict === 'suspend') return 'suspend';
  // The reporting MTA's own Status says "bad destination mailbox" (x.1.1) and the words agree:
  // the address does not exist, wherever the reply came (not after DATA, which byCommand decides).
  if (verdict === 'userunknown' && input.command !== 'DATA') return 'userunknown';
  return input.command === 'MAIL' ? reason : 'filtered';
}

/** Reasons about the recipient that, answered to MAIL FROM, are about the sender instead. */
const SENDER_SIDE = new Set<BounceReason>(['userunknown', 'hostunknown', 'filtered']);

/** A missing PTR stays requireptr at connect: the refusal names its cause. */
const CONNECT_STAGE = new Set<BounceReason>(['rejected', 'filtered', 'userunknown', 'onhold', 'undefined']);

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

/**
 * A decisive status (RFC 3463: x.1.1 bad mailbox, x.2.2 mailbox full, ...) and reply words that
 * name the same cause ("552 5.2.2 ... Recipient mailbox full") state it twice: a provider's trailing
 * code (Orange's "OFR_999", a catch-all of its own) does not overrule both.
 */
function statusAndWordsAgree(key: string | null, input: ClassifyInput): boolean {
  if (!key || !DECISIVE_STATUS.has(key)) return false;
  const fromStatus = reasonFromStatus(input.status);
  return fromStatus !== null && reasonFromText(input.text) === fromStatus;
}

/** A temporary (4xx) "host not found" is a DNS failure, not a domain that does not exist. */
function byTemporary(reason: BounceReason, input: ClassifyInput): BounceReason {
  const temporary = (input.status ?? input.replyCode ?? '').startsWith('4');
  return temporary && reason === 'hostunknown' ? 'networkerror' : reason;
}

/** Reasons that a "bad mailbox" code (x.1.1) often stands in for, when the words say so. */
const OVERRIDES_OF_UNKNOWN = new Set<BounceReason>([
  'speeding',
  'suspend',
  'mesgtoobig',
  'norelaying',
  'blocked',
  'mailboxfull',
  'hasmoved',
  'notaccept',
  'mailererror',
  'rejected',
  'authfailure',
  'exceedlimit',
]);

function overrideUserUnknown(text: string): BounceReason {
  const rule = matchRule(text);
  const fromText = rule === null ? null : TEXT_RULES[rule]!.reason;
  if (fromText === 'filtered' && rule !== null && rule < FIRST_GENERIC_RULE) return 'filtered';
  return fromText && OVERRIDES_OF_UNKNOWN.has(fromText) ? fromText : 'userunknown';
}

/** Under 5.1.0/5.1.3: the reason the words state, unless it is about the address or names none. */
function badAddressReason(text: string): BounceReason {
  const rule = matchRule(text);
  if (rule === null) return 'userunknown';
  const fromText = TEXT_RULES[rule]!.reason;
  // A specific filter wording ("rejected by a filter rule") names a cause; the broad ones do not.
  if (fromText === 'filtered' && rule < FIRST_GENERIC_RULE) return 'filtered';
  return ADDRESS_WORDING.has(fromText) ? 'userunknown' : fromText;
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
