/**
 * Types of the SMTP probe. Outcomes are data: a refused connection, a timeout or a hostile reply
 * is reported in the ProbeReport, never thrown. Only bad options throw (MxError 'usage').
 */
import type { Resolver } from '../dns/types.js';

/** One SMTP reply (RFC 5321 §4.2): every line of a multi-line reply, with the code stripped. */
export interface SmtpReply {
  code: number;
  /** Enhanced status code of the first line (RFC 3463), e.g. "5.1.1", when present. */
  enhanced: string | null;
  /** Text of each line without the code and separator. */
  lines: string[];
}

/** What waiting for a reply produced. */
export type ReadOutcome =
  | { kind: 'reply'; reply: SmtpReply }
  /** deadline: the session deadline, not the stage timeout, ended the wait. */
  | { kind: 'timeout'; waitedMs: number; deadline?: true }
  | { kind: 'closed'; error: string | null }
  | { kind: 'protocol'; message: string };

export interface TranscriptLine {
  /** Milliseconds since the connection attempt started. */
  ms: number;
  from: 'client' | 'server' | 'note';
  line: string;
}

/** Raw facts of a TLS handshake, as the transport adapter reports them. */
export interface TlsHandshake {
  protocol: string | null;
  cipher: string | null;
  /** Chain validation against the system CAs (the probe never refuses a bad certificate). */
  authorized: boolean;
  authorizationError: string | null;
  certificate: {
    subjectCN: string | null;
    subject: string | null;
    issuer: string | null;
    /** Node's `subjectaltname` string, e.g. "DNS:mx.example.com, DNS:example.com". */
    subjectAltName: string | null;
    validFrom: string | null;
    validTo: string | null;
    selfSigned: boolean;
  } | null;
}

/**
 * A connected byte stream, provided by a Connector. Data and close events go to the handlers
 * set with `listen`; `startTls` upgrades the same connection in place (RFC 3207).
 */
export interface SmtpTransport {
  listen(handlers: { data: (chunk: Buffer) => void; closed: (error: string | null) => void }): void;
  write(text: string): void;
  startTls(servername: string | null, timeoutMs: number): Promise<TlsHandshake>;
  /** Sends FIN and releases the socket: idempotent. */
  close(): void;
}

/** localAddress: the address the connection leaves from (what the server sees as the client), when known. */
export type ConnectResult =
  | { ok: true; transport: SmtpTransport; localAddress?: string }
  | { ok: false; error: string };

/**
 * Opens a TCP connection: node:net in production (net-connector.ts), scripted streams in tests.
 * localAddress binds the connection to that local address (--source).
 */
export type Connector = (target: {
  ip: string;
  port: number;
  timeoutMs: number;
  localAddress?: string;
}) => Promise<ConnectResult>;

export type UnknownRecipientVerdict = 'rejects' | 'accepts' | 'tempfail' | 'no-verdict';
export type RelayVerdict = 'refused' | 'open' | 'tempfail' | 'no-verdict';

export interface RcptCheck<V extends string> {
  verdict: V;
  /** The RCPT address used (null when the check never got that far). */
  address: string | null;
  /** The reply that decided the verdict, as the server sent it (code on every line). */
  reply: string | null;
  /** Plain-language explanation. */
  detail: string;
}

export interface BlockedFinding {
  /** The list named in the refusal (display name), or null when it names none. */
  list: string | null;
  zone: string | null;
  /** The address the refusal names as refused (ours), or null. */
  ip: string | null;
  /** The refusal as sent, or a description when the server closed without a word. */
  reply: string;
  stage: 'connect' | 'greeting' | 'ehlo' | 'mail' | 'rcpt';
  delist: string | null;
}

export interface TlsReport {
  offered: boolean;
  attempted: boolean;
  ok: boolean;
  error: string | null;
  protocol: string | null;
  cipher: string | null;
  subject: string | null;
  subjectAltNames: string[];
  issuer: string | null;
  validTo: string | null;
  expired: boolean | null;
  selfSigned: boolean | null;
  trusted: boolean | null;
  trustError: string | null;
  /** Whether the certificate names the host probed (RFC 6125 matching, one-label wildcards). */
  nameMatches: boolean | null;
}

export interface MtaIdentity {
  id: string;
  name: string;
  version: string | null;
  /** What identified it: "greeting", "ehlo" or "reply wording". */
  evidence: string;
}

export interface Remedy {
  mta: string;
  /** The fix in one paragraph. */
  text: string;
  steps: string[];
  sources: string[];
}

export interface ExposureCheck {
  /** true: the command answers truthfully (250/251); false: disabled or refused; null: unknown. */
  enabled: boolean | null;
  reply: string | null;
}

export interface ProbeReport {
  host: string;
  ip: string | null;
  port: number;
  startedAt: string;
  elapsedMs: number;
  connected: boolean;
  /** Why the probe produced no verdict, when it did not (connect refused, timeout, ...). */
  error: string | null;
  /** The local address the probe connected from (what the server saw), when known. */
  sourceIp: string | null;
  /**
   * The source is one the server may trust (loopback, the server's own address, or the same
   * private network: RFC 1918, ULA, link-local). MTAs relay for and skip recipient checks for
   * such clients (Postfix mynetworks, Exim relay_from_hosts), so an "accepts" or "open" verdict
   * must be confirmed from outside. Diagnose reads this field.
   */
  trustedSource: boolean;
  greeting: string | null;
  greetingMs: number | null;
  helo: { command: 'EHLO' | 'HELO'; extensions: string[] } | null;
  mta: string | null;
  mtaInfo: MtaIdentity | null;
  tls: TlsReport | null;
  checks: {
    unknownRecipient: RcptCheck<UnknownRecipientVerdict>;
    /** Second random recipient, only asked when the first was accepted (catch-all awareness). */
    secondUnknown: RcptCheck<UnknownRecipientVerdict> | null;
    /** A known-good mailbox (--valid-rcpt, else postmaster@DOMAIN, RFC 5321 §4.5.1). */
    control: RcptCheck<UnknownRecipientVerdict> | null;
    openRelay: RcptCheck<RelayVerdict>;
    blocked: BlockedFinding | null;
    vrfy: ExposureCheck;
    expn: ExposureCheck;
  };
  remedy: Remedy | null;
  transcript: TranscriptLine[];
}

export interface ProbeOptions {
  connect?: Connector;
  resolver?: Resolver;
  /** The envelope sender; '' is the null sender `<>` (the default). */
  from?: string;
  /** The domain for the random recipients (default: derived from the host name or greeting). */
  domain?: string;
  relayDomain?: string;
  validRcpt?: string;
  /** The EHLO name. */
  helo?: string;
  tls?: boolean;
  connectTimeoutMs?: number;
  greetingTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** How long to wait for the 221 after QUIT (Exim answers only after a 200 ms poll). */
  quitWaitMs?: number;
  /**
   * Overall deadline for one host's probe: address lookup, every connect, every session (a
   * plaintext retry after a TLS failure, a reconnect after an unanswered VRFY). Default 90 s.
   */
  sessionDeadlineMs?: number;
  /** Local address to connect from (IPv4 or IPv6 literal), e.g. an outside-facing one. */
  source?: string;
  /** Random hex source for recipient names (tests pass a fixed one). */
  randomHex?: () => string;
}

export interface ResolvedProbeOptions {
  connect: Connector | null;
  resolver: Resolver | null;
  from: string;
  domain: string | null;
  relayDomain: string;
  validRcpt: string | null;
  helo: string;
  tls: boolean;
  connectTimeoutMs: number;
  greetingTimeoutMs: number;
  commandTimeoutMs: number;
  quitWaitMs: number;
  sessionDeadlineMs: number;
  source: string | null;
  randomHex: () => string;
}
