/** Result types of bounce analysis. */

/** Sisimai 5's reason taxonomy (see docs/bounce.md); one word per failed recipient. */
export type BounceReason =
  | 'authfailure'
  | 'badreputation'
  | 'blocked'
  | 'contenterror'
  | 'delivered'
  | 'exceedlimit'
  | 'expired'
  | 'failedstarttls'
  | 'feedback'
  | 'filtered'
  | 'hasmoved'
  | 'hostunknown'
  | 'mailboxfull'
  | 'mailererror'
  | 'mesgtoobig'
  | 'networkerror'
  | 'norelaying'
  | 'notaccept'
  | 'notcompliantrfc'
  | 'onhold'
  | 'policyviolation'
  | 'rejected'
  | 'requireptr'
  | 'securityerror'
  | 'spamdetected'
  | 'speeding'
  | 'suppressed'
  | 'suspend'
  | 'syntaxerror'
  | 'systemerror'
  | 'systemfull'
  | 'toomanyconn'
  | 'undefined'
  | 'userunknown'
  | 'vacation'
  | 'virusdetected';

/** What kind of message this is: a bounce, an ARF feedback report, an auto-reply, a success DSN, or none. */
export type MessageKind = 'bounce' | 'feedback' | 'auto-reply' | 'delivered' | 'not-bounce';

export interface BlocklistAttribution {
  /** Display name of the list or provider, e.g. "Spamhaus ZEN", "AT&T ATTRBL". */
  name: string;
  /** DNS zone when the list is a DNSBL, e.g. "zen.spamhaus.org"; null for providers' own lists. */
  zone: string | null;
  /** The IP the text says was refused (our sending IP), not the receiving MX; null when none is named. */
  ip: string | null;
  /** Where to ask for removal. */
  delist: string | null;
  /** One sentence on how removal works. */
  policy: string | null;
}

export interface RecipientResult {
  /** Failed recipient address; null when the text names none (a bare SMTP line). */
  address: string | null;
  /** RFC 3464 Action: failed, delayed, delivered, relayed, expanded; null when unknown. */
  action: string | null;
  /** RFC 3463 enhanced status code (e.g. "5.1.1"); null when the bounce carries none. */
  status: string | null;
  /** SMTP reply code (e.g. "550"); null when the bounce carries none. */
  replyCode: string | null;
  reason: BounceReason;
  /** One sentence explaining the reason. */
  explanation: string;
  /** True for a permanent failure that retrying will not fix. */
  hard: boolean;
  /** The remote server's own words (Diagnostic-Code or the quoted SMTP reply). */
  diagnostic: string | null;
  /** The server that refused the message (Remote-MTA or the host named in the text). */
  remoteMta: string | null;
  reportingMta: string | null;
  lastAttemptDate: string | null;
  /** ARF feedback type (abuse, fraud, opt-out, ...) for feedback reports. */
  feedbackType: string | null;
  blocklist: BlocklistAttribution | null;
}

export interface OriginalHeaders {
  messageId: string | null;
  from: string | null;
  to: string | null;
  subject: string | null;
  date: string | null;
}

export interface BounceReport {
  kind: MessageKind;
  isBounce: boolean;
  recipients: RecipientResult[];
  original: OriginalHeaders;
  /** Subject and sender of the bounce message itself. */
  subject: string | null;
  from: string | null;
  /** Set when the input could not be read as mail at all (binary, empty): a best-effort result. */
  warning: string | null;
  /**
   * Why nothing was explained, as data for the caller's exit status: `empty` or `binary` input
   * (bad input), or `no-rejection-found` (readable, but it holds no rejection); null otherwise.
   */
  problem: 'empty' | 'binary' | 'no-rejection-found' | null;
}
