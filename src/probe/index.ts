/** The SMTP probe's public surface. */
export { identifyMta, remedyFor } from './fingerprint.js';
export {
  DEFAULT_FROM,
  DEFAULT_HELO,
  DEFAULT_RELAY_DOMAIN,
  resolveProbeOptions,
} from './options.js';
export { type ProbeTarget, probeHost } from './probe.js';
export { formatReply, ReplyParser } from './reply-parser.js';
export { probeExitStatus } from './status.js';
export type {
  BlockedFinding,
  Connector,
  ConnectResult,
  MtaIdentity,
  ProbeOptions,
  ProbeReport,
  RcptCheck,
  RelayVerdict,
  Remedy,
  SmtpReply,
  SmtpTransport,
  TlsHandshake,
  TlsReport,
  TranscriptLine,
  UnknownRecipientVerdict,
} from './types.js';
