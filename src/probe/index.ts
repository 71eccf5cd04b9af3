/** The SMTP probe's public surface. */
export { PROBE_DEFAULTS } from './defaults.js';
export { connectTcp } from './net-connector.js';
export { type ProbeTarget, probeHost } from './probe.js';
export {
  type HostTarget,
  lookupMxHosts,
  type MxLookup,
  type ProbeHostsOptions,
  probeHosts,
} from './probe-hosts.js';
export { renderProbeText } from './render-text.js';
export { type ProbeStatus, probeExitStatus } from './status.js';
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
