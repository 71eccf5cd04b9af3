/** Result types of the phishing analysis. */

export type Verdict = 'phishing' | 'suspicious' | 'clean';

/**
 * What a rule says about a message: `phishing` rules point at impersonation or a payload (they can
 * make the verdict `phishing`); `suspicious` rules point at scam, spam or risky content;
 * `legitimate` rules are evidence for the sender (negative weight).
 */
export type RuleKind = 'phishing' | 'suspicious' | 'legitimate';

/**
 * The part a finding plays in the verdict: phishing is impersonation plus a lure or a destination,
 * or a payload (a password form, a program) on its own.
 */
export type RuleRole = 'impersonation' | 'payload' | 'lure' | 'destination' | 'sign' | 'legitimacy';

/** Where a link was found. */
export type LinkSource = 'a' | 'area' | 'form' | 'meta-refresh' | 'text' | 'redirect-target';

export interface Link {
  /** The URL after normalisation (percent-decoding of the host, IDNA to Unicode, trimmed). */
  href: string;
  /** The visible text of the anchor ('' for text links, forms and refreshes). */
  text: string;
  source: LinkSource;
  scheme: string;
  /** Host in lower case, Unicode form; null for schemes without one (mailto:, data:...). */
  host: string | null;
  /** The domain a single owner registered (Public Suffix List, private suffixes included). */
  registrableDomain: string | null;
  isIp: boolean;
  /** userinfo before `@` in the authority, which browsers ignore but readers take as the host. */
  userinfo: string | null;
}

export interface Finding {
  rule: string;
  weight: number;
  kind: RuleKind;
  role: RuleRole;
  /** One sentence a non-expert understands. */
  detail: string;
  /** The raw facts behind it: URLs, header values, file names. */
  evidence: string[];
}

export interface AttachmentInfo {
  filename: string;
  mimeType: string;
  size: number;
}

export interface PhishReport {
  verdict: Verdict;
  score: number;
  /** One sentence: why this verdict, in plain words. */
  explanation: string;
  findings: Finding[];
  links: Link[];
  subject: string;
  from: string;
  attachments: AttachmentInfo[];
  /** Limits that cut the analysis short (the verdict is then on what was read). */
  truncated: string[];
  /** Set when the MIME parser gave up; the analysis used what it could. */
  parseError?: string;
}
