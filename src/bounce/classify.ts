/**
 * Reason classification: diagnostic text and status codes -> one word of Sisimai's taxonomy,
 * plus hard/soft. The knowledge (phrases, code table, explanations) is data in reasons.json.
 */

import { escapeRegex } from '../core/regex.js';
import { findEnhancedStatus, statusKey } from './codes.js';
import { REASON_DATA, type RemoteHostRule, type RemoteHostTable } from './reasons-data.js';
import { findImpliedCommand, findSmtpCommand, findStatedCommand, type SmtpCommand } from './smtp-command.js';
import type { BounceReason } from './types.js';

export { findImpliedCommand, findSmtpCommand, findStatedCommand, type SmtpCommand };

const TEXT_RULES = REASON_DATA.text;
const STATUS_TABLE = REASON_DATA.status;
const EXPLANATIONS = REASON_DATA.explanations;
/** Reply codes with one meaning (RFC 7504 521/556, RFC 5248 525), used when neither words nor status decide. */
const REPLY_CODES = REASON_DATA.replyCodes;
const RECIPIENT_DOMAINS = REASON_DATA.recipientDomains;
const CODE_TABLES = REASON_DATA.providerCodes;
const REMOTE_HOSTS = REASON_DATA.remoteHosts;

/**
 * `host` is `suffix` or a name under it: a dot boundary, so "mx1.wilcox.net" is not under "cox.net".
 * A suffix written with its leading dot (".qq.com") holds for names under it only.
 */
function hostIsUnder(host: string, suffix: string): boolean {
  if (suffix.startsWith('.')) return host.endsWith(suffix);
  return host === suffix || (host.endsWith(suffix) && host[host.length - suffix.length - 1] === '.');
}

/**
 * The provider whose MX answered (remote host name is one of its host suffixes or under one) or whose
 * domain the recipient is at (Sisimai 5 rhost/lib.go: the domain is the tail of a suffix; not for a
 * table with byDomain false: Google Workspace's "googlemail.com" is consumer Gmail's domain too).
 */
function selectTable(remoteHost: string | null, recipient: string | null): RemoteHostTable | null {
  const host = remoteHostName(remoteHost);
  const domain = recipient ? recipient.slice(recipient.lastIndexOf('@') + 1).toLowerCase() : '';
  const table = REMOTE_HOSTS.find(
    (t) =>
      (host !== '' && t.hosts.some((h) => hostIsUnder(host, h))) ||
      (t.byDomain && domain !== '' && t.hosts.some((h) => hostIsUnder(h, domain))),
  );
  return table ?? null;
}

/** Longest Remote-MTA value read as a host: a DNS name is at most 253 characters, "[address]" added. */
const MAX_REMOTE_HOST_CHARS = 320;

/**
 * The host name of a Remote-MTA value ("mx.example.net [192.0.2.1]" -> "mx.example.net"), lower
 * case, without its final dot; "" when there is none. The sender writes the field: one longer than
 * any host is no host (a regular expression over a 40,000-bracket value took seconds).
 */
function remoteHostName(remoteHost: string | null): string {
  if (remoteHost === null || remoteHost.length > MAX_REMOTE_HOST_CHARS) return '';
  let host = remoteHost.toLowerCase();
  if (host.endsWith(']')) {
    const open = host.lastIndexOf('[');
    if (open >= 0) host = host.slice(0, open).trimEnd();
  }
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/**
 * The selected provider's rule for this status and reply (rhost/for-*.go): the reason, or null.
 */
export function reasonFromRemoteHost(
  remoteHost: string | null,
  recipient: string | null,
  status: string | null,
  text: string,
  replyCode: string | null = null,
  command: SmtpCommand | null = null,
): BounceReason | null {
  const table = selectTable(remoteHost, recipient);
  return table ? matchRows(table.rules, status, text, replyCode, command, false) : null;
}

/**
 * A reply with no server named and no provider's recipient domain (pasted alone): a provider's
 * documented row still applies when both its status code and its words are in the reply
 * (Microsoft's "5.7.508 Access denied, ... has exceeded permitted limits within"): an extended code
 * with its own wording is that provider's. Rows that the words alone or the code alone decide
 * need the provider's name and are left out.
 */
function reasonFromDocumentedReply(
  status: string | null,
  text: string,
  replyCode: string | null = null,
  command: SmtpCommand | null = null,
): BounceReason | null {
  // Only a vendor's own code can match a vendor row: registered codes stop here, at no cost.
  if (status === null || !isUnregistered(status)) return null;
  for (const table of REMOTE_HOSTS) {
    const reason = matchRows(table.rules, status, text, replyCode, command, true);
    if (reason) return reason;
  }
  return null;
}

/**
 * The highest detail the IANA registry of enhanced status codes (RFC 3463, 5248 and later) holds
 * per subject; a detail above it ("5.7.508", "4.4.316", "5.2.121") is a vendor's own code.
 */
const REGISTERED_DETAIL_MAX = [0, 10, 4, 6, 7, 6, 10, 30];

function isUnregistered(status: string): boolean {
  const [, subject, detail] = status.split('.');
  const max = REGISTERED_DETAIL_MAX[Number(subject)];
  return max !== undefined && Number(detail) > max;
}

function isVendorStatus(rule: RemoteHostRule): boolean {
  // A vendor code the status table already reads (Microsoft's 4.7.500 throttling) keeps that reading.
  if (rule.status === '' || rule.reply !== null || STATUS_TABLE[rule.status] !== undefined) return false;
  if (STATUS_TABLE[`x${rule.status.slice(1)}`] !== undefined) return false;
  const [, subject, detail] = rule.status.split('.');
  const max = REGISTERED_DETAIL_MAX[Number(subject)];
  const low = rule.low ?? Number(detail);
  return max !== undefined && Number.isFinite(low) && low > max;
}

/** The first row that holds; `strict`: only rows with a phrase and a vendor's own status code. */
function matchRows(
  rules: readonly RemoteHostRule[],
  status: string | null,
  text: string,
  replyCode: string | null,
  command: SmtpCommand | null,
  strict: boolean,
): BounceReason | null {
  const lower = (text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    // A provider code ends at a space (Cox "AUP#CXBL ", GoDaddy " IB108 "), the reply's last word too.
    .concat(' ');
  const detail = status === null ? Number.NaN : Number(status.slice(status.lastIndexOf('.') + 1));
  for (const rule of rules) {
    if (strict && (rule.phrase === '' || !isVendorStatus(rule))) continue;
    if (rule.status === '') {
      if (rule.reply !== null && replyCode !== rule.reply) continue;
      if (lower.includes(rule.phrase)) return rule.reason;
      continue;
    }
    if (status === null) continue;
    if (rule.reply !== null) {
      // Google's rows: the reply code's last two digits and the status's subject.detail agree.
      if (replyCode === null || replyCode.slice(1) !== rule.reply.slice(1)) continue;
      if (rule.status.indexOf(status.slice(2)) < 2) continue;
      if (lower.includes(rule.phrase)) return rule.reason;
      continue;
    }
    if (rule.low === null ? status !== rule.status : !status.startsWith(rule.status)) continue;
    if (rule.low !== null && (detail < rule.low || detail > rule.high!)) continue;
    if (rule.command !== null && rule.command !== command) continue;
    if (lower.includes(rule.phrase)) return rule.reason;
  }
  return null;
}

/** The reason a provider's own error code stands for (reasons.json providerCodes), or null. */
export function reasonFromProviderCode(text: string): BounceReason | null {
  const slice = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  for (const table of CODE_TABLES) {
    const m = table.pattern.exec(slice);
    const reason = m ? table.codes[m[1]!.toUpperCase()] : undefined;
    if (reason) return reason;
  }
  return null;
}

/** A provider-wide reason for bounces from a recipient domain (reasons.json recipientDomains), or null. */
export function reasonForRecipientDomain(address: string | null): BounceReason | null {
  if (!address) return null;
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  for (const [suffix, reason] of Object.entries(RECIPIENT_DOMAINS)) {
    if (!suffix.startsWith('$') && (domain === suffix || domain.endsWith(`.${suffix}`))) return reason;
  }
  return null;
}

/** Diagnostic text examined per recipient: reasons are stated early; this bounds the work per message. */
export const MAX_CLASSIFY_CHARS = 8192;

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

/** Phrase pairs as [rule, first, then], in rule order. */
const PAIRS: [number, string, string][] = TEXT_RULES.flatMap((rule, index) =>
  (rule.pairs ?? []).map(([first, then]): [number, string, string] => [index, first, then]),
);

/** Rules before the first broad userunknown rule hold specific phrases; later ones are broad. */
const FIRST_GENERIC_RULE = TEXT_RULES.findIndex((rule) => rule.reason === 'userunknown');

export function reasonFromText(text: string): BounceReason | null {
  const rule = matchRule(text);
  return rule === null ? null : TEXT_RULES[rule]!.reason;
}

/**
 * Index of the first rule (in rule order) with a phrase in the text, or null. Links are read
 * without their path; their host counts only when nothing else does ("553 http://<list's lookup page>").
 */
function matchRule(text: string): number | null {
  const slice = text.length > MAX_CLASSIFY_CHARS ? text.slice(0, MAX_CLASSIFY_CHARS) : text;
  // A phrase ending in a space (" spf ", "worm ") holds at the text's end too ("... prohibited by SPF").
  const lower = `${slice} `
    .toLowerCase()
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
  for (const [rule, first, then] of PAIRS) {
    if (rule >= best) break;
    const at = lower.indexOf(first);
    if (at >= 0 && lower.indexOf(then, at + first.length) >= 0) best = rule;
  }
  return Number.isFinite(best) ? best : null;
}

export function reasonFromStatus(status: string | null): BounceReason | null {
  if (status === null) return null;
  // A class-specific entry ("4.7.1") beats its x.Y.Z twin: Sisimai 5 names some temporary codes apart.
  return STATUS_TABLE[status] ?? STATUS_TABLE[statusKey(status)] ?? null;
}

/** The stock wording of a 550 with nothing more specific ("Mailbox not available / Konto niedostepne"). */
const STOCK_UNAVAILABLE =
  /^(?![\s\S]*(?:unknown|no such|not exist|does not|doesn't|not found|invalid))[\s\S]*\bmailbox (?:is )?(?:unavailable|not available)\b/i;

/**
 * qmail-send's fixed preamble of every failure report ("This is a permanent error; I've given up.
 * Sorry it didn't work out."): it says the attempt ended, not why. ("Giving up on <host>." after a
 * reply stays: Sisimai 5 reads it as expired when the reply names no cause.)
 */
const QMAIL_BOILERPLATE = /this is a permanent error; i've given up\. sorry it didn't work out\./g;

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
  const fromCode = reasonFromProviderCode(input.text);
  if (fromCode) return fromCode;
  const key = input.status ? statusKey(input.status) : null;
  if (key === 'x.1.1') return overrideUserUnknown(input.text);
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

function isBareDeferral(input: ClassifyInput): boolean {
  const status = input.status ?? '';
  return (
    (status === '4.7.0' || status === '4.7.1') && RETRY_LATER.test(input.text.slice(0, MAX_CLASSIFY_CHARS))
  );
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
