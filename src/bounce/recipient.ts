/** One recipient's result from its diagnostic text, DSN fields and the surrounding report. */
import { type AttributionContext, attributeBlocklist } from './attribution.js';
import {
  classifyReason,
  explainReason,
  findImpliedCommand,
  findStatedCommand,
  isHardBounce,
  reasonForRecipientDomain,
  reasonFromRemoteHost,
  reasonFromText,
} from './classify.js';
import { findEnhancedStatus, findInnerReplyCode, findReplyCode } from './codes.js';
import type { DsnRecipient } from './dsn.js';
import { indexCatalog } from './list-names.js';
import type { BlocklistAttribution, RecipientResult } from './types.js';

/** Reasons that are about the recipient's side: no list refused us, so attribution is skipped (and cheaper). */
const NOT_A_BLOCK = new Set<RecipientResult['reason']>([
  'delivered',
  'userunknown',
  'mailboxfull',
  'hasmoved',
  'hostunknown',
  'suspend',
  'mesgtoobig',
  'exceedlimit',
  'systemfull',
  'mailererror',
  'vacation',
  'feedback',
  'contenterror',
]);

/**
 * Not listings by definition (rDNS, SPF/DKIM/DMARC, rate and greylisting, syntax, relaying): a
 * list is attributed only when the text names a DNSBL zone outright ("blocked using
 * noptr.spamrats.com; no PTR record" is a listing; "cannot find your reverse hostname" is not).
 */
const NOT_A_LISTING = new Set<RecipientResult['reason']>([
  'requireptr',
  'authfailure',
  'speeding',
  'toomanyconn',
  'syntaxerror',
  'norelaying',
]);

/**
 * Reasons too vague to stand against a named listing: "554 Blocked - see <list's lookup page>"
 * read only as a refusal, or log words ("Sender/...") mistaken for a sender refusal.
 */
const VAGUE = new Set<RecipientResult['reason']>([
  'filtered',
  'rejected',
  'onhold',
  'undefined',
  'systemerror',
  'securityerror',
]);

/**
 * A listing of the sending host (an IP named, an IP list, or a provider's or product's own list)
 * is what "blocked" means; a domain or URL list (Spamhaus DBL, URIBL) concerns the message instead.
 */
function blockedBy(found: BlocklistAttribution, lists: AttributionContext): boolean {
  if (found.ip !== null || found.zone === null) return true;
  const entry = indexCatalog(lists.catalog).byZone.get(found.zone.toLowerCase());
  return entry !== undefined && entry.kind === 'ip';
}

function listFor(reason: RecipientResult['reason'], text: string, lists: AttributionContext) {
  if (NOT_A_BLOCK.has(reason)) return null;
  const found = attributeBlocklist(text, lists);
  if (!found || !NOT_A_LISTING.has(reason)) return found;
  return found.zone && text.toLowerCase().includes(found.zone) ? found : null;
}

/** "host mx [IP]", "by mx [IP]": the server that refused. A receiving log's "RCPT from client[IP]" names the sender. */
const REMOTE_IN_TEXT =
  /\b(?<!(?:rcpt|connect|data|mail) )(?:host|from|by)\s+([a-z0-9][\w-]*(?:\.[\w-]+)+)\.?\s*\[([0-9a-f:.]{3,45})\]/i;

function remoteFromText(text: string): string | null {
  const m = REMOTE_IN_TEXT.exec(text);
  return m ? `${m[1]} [${m[2]}]` : null;
}

/**
 * Relays quote the remote server inside their own reply (Amazon SES: "554 4.4.7 Message expired
 * ...<421 4.4.2 Connection timed out>", "5.1.0 - ... 550-'5.2.2 ..."): the quoted code is the cause.
 */
function innerStatus(diag: string): string | null {
  const m = /(?:[<'"]\s?[245]\d\d[ -]'?|[245]\d\d[ -]['"])([245]\.\d{1,3}\.\d{1,3})(?![\d.])/.exec(diag);
  return m && m.index > 0 ? m[1]! : null;
}

/**
 * The reporting MTA's own reading of the Status ("Status: 5.2.1 (mailbox disabled, not accepting
 * messages)") is part of the diagnosis, as Sisimai 5 reads a DSN; a comment the text already holds adds nothing.
 */
function statusComment(status: string | null, text: string): string | null {
  const open = status ? status.indexOf('(') : -1;
  if (open < 0) return null;
  const comment = status!
    .slice(open + 1, status!.lastIndexOf(')') > open ? status!.lastIndexOf(')') : undefined)
    .trim();
  return comment.length < 4 || text.includes(comment) ? null : comment;
}

/**
 * Causes that Sisimai 5 tries before an unknown user (reason/lib.go ClassOrder[0]): stated in the
 * Status comment, they explain a remote "User Unknown" (a disabled mailbox answers so).
 */
const BEFORE_UNKNOWN = new Set<RecipientResult['reason']>([
  'mailboxfull',
  'mesgtoobig',
  'exceedlimit',
  'suspend',
  'hasmoved',
]);

function byStatusComment(
  reason: RecipientResult['reason'],
  comment: string | null,
): RecipientResult['reason'] {
  if (comment === null || (reason !== 'userunknown' && reason !== 'filtered')) return reason;
  const stated = reasonFromText(comment);
  return stated !== null && BEFORE_UNKNOWN.has(stated) ? stated : reason;
}

export function buildRecipient(
  address: string | null,
  diagnostic: string | null,
  fallbackText: string,
  dsn: Partial<DsnRecipient>,
  reportingMta: string | null,
  context: string,
  lists: AttributionContext,
  /** Pasted replies name no command; a server refuses an address at RCPT (RFC 5321 §3.3), so assume it. */
  assumeRcpt = false,
): RecipientResult {
  const diag = diagnostic && diagnostic.trim() !== '' ? diagnostic.trim() : null;
  // A multi-line reply cut after its first line ("552-5.7.0 ...") is completed from the report text.
  const partial = diag !== null && /^[245]\d\d-/.test(diag) && !/\s[245]\d\d /.test(diag);
  const useDiag = diag !== null && !partial && (findReplyCode(diag) !== null || /[a-z]{4}/i.test(diag));
  const text = useDiag ? diag : `${diag ?? ''} ${partial ? context : fallbackText}`;
  const textStatus = findEnhancedStatus(text);
  // The server's own words beat the reporting MTA's summary (Status: 4.4.7 over "450 4.7.1 ...").
  const dsnStatus = dsn.status ? findEnhancedStatus(dsn.status) : null;
  const diagStatus = diag ? (innerStatus(diag) ?? findEnhancedStatus(diag)) : null;
  const generic = dsnStatus === null || /\.0\.0$|^4\.4\.7$/.test(dsnStatus);
  const status = diagStatus ?? (generic ? (textStatus ?? dsnStatus) : dsnStatus);
  const replyCode = (diag ? findInnerReplyCode(diag) : null) ?? findReplyCode(text);
  const action = dsn.action ?? null;
  // The command is named near the reply; the first 32 KB of the report are enough (bounded work).
  // A command the report states (Postfix's "in reply to DATA command" beside the reply) beats one
  // the reply's words only imply ("Recipient address rejected").
  const head = context.length > 32768 ? context.slice(0, 32768) : context;
  const command =
    findStatedCommand(text) ??
    findStatedCommand(head) ??
    findImpliedCommand(text) ??
    findImpliedCommand(head) ??
    (assumeRcpt ? 'RCPT' : null);
  const remoteMta = dsn.remoteMta ?? remoteFromText(text);
  const comment = statusComment(dsn.status ?? null, text);
  const classified =
    (status === null && replyCode === null ? reasonForRecipientDomain(address) : null) ??
    classifyReason({
      text,
      command,
      status,
      replyCode,
      action,
      diagnosticType: dsn.diagnosticType ?? null,
      dsnStatus,
      pasted: assumeRcpt,
      remoteHost: remoteMta,
      recipient: address,
    });
  const given = byStatusComment(classified, comment);
  const blocklist = listFor(given, text, lists);
  // A provider's own documented reply (its remote-host table) is not made vaguer by a listing it names.
  const upgrade =
    blocklist !== null &&
    VAGUE.has(given) &&
    blockedBy(blocklist, lists) &&
    reasonFromRemoteHost(remoteMta, address, status, text, replyCode) !== given;
  const reason = upgrade ? 'blocked' : given;
  return {
    address,
    action,
    status,
    replyCode,
    reason,
    explanation: explainReason(reason),
    hard: isHardBounce(reason, status, replyCode),
    diagnostic: diag ?? (fallbackText.trim() === '' ? null : fallbackText.slice(0, 2000)),
    remoteMta,
    reportingMta,
    lastAttemptDate: dsn.lastAttemptDate ?? null,
    feedbackType: null,
    blocklist,
  };
}

export function simpleRecipient(address: string | null, reason: 'vacation' | 'feedback'): RecipientResult {
  return {
    address,
    action: null,
    status: null,
    replyCode: null,
    reason,
    explanation: explainReason(reason),
    hard: false,
    diagnostic: null,
    remoteMta: null,
    reportingMta: null,
    lastAttemptDate: null,
    feedbackType: null,
    blocklist: null,
  };
}
