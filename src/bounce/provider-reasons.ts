/**
 * Reasons as providers document them: a provider's table selected by the server that answered or
 * the recipient's domain (reasons.json remoteHosts, after Sisimai 5's rhost/*.go), a vendor's own
 * status code with its wording when no server is named, provider error codes (providerCodes) and
 * provider-wide readings by recipient domain (recipientDomains).
 */
import {
  MAX_CLASSIFY_CHARS,
  REASON_DATA,
  type RemoteHostRule,
  type RemoteHostTable,
} from './reasons-data.js';
import type { SmtpCommand } from './smtp-command.js';
import type { BounceReason } from './types.js';

const STATUS_TABLE = REASON_DATA.status;
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
export function selectTable(remoteHost: string | null, recipient: string | null): RemoteHostTable | null {
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
export function reasonFromDocumentedReply(
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
