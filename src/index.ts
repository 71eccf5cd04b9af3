/**
 * mxdoctor as a library: one function per capability, each with one options type, one DEFAULTS
 * object and typed results; every port (resolver, connector, catalog, clock) is a parameter.
 * The CLI (src/cli) and `serve` call exactly these. docs/architecture.md shows how they fit.
 *
 * @example
 * import { checkTargets, createResolver, loadCatalog, parseTarget } from 'mxdoctor';
 * const resolver = createResolver({ servers: [{ host: '127.0.0.1', port: 53 }] });
 * for await (const r of checkTargets([parseTarget('192.0.2.1')], { resolver, catalog: loadCatalog() }))
 *   console.log(r.target, r.summary.listed);
 * resolver.close();
 */

// Bounce analysis: DSNs, legacy bounces, pasted SMTP errors.
export {
  analyzeBounce,
  BOUNCE_DEFAULTS,
  type BounceOptions,
  type BounceReason,
  type BounceReport,
  type RecipientResult,
} from './bounce/index.js';
// Blocklist check.
export {
  type AssessOptions,
  assessZones,
  type CatalogEntry,
  CHECK_DEFAULTS,
  type CheckOptions,
  type CheckSummary,
  checkTargets,
  type DelistPolicy,
  HealthCache,
  type LoadCatalogOptions,
  loadCatalog,
  type ResolverFault,
  type ResolverVerdict,
  type RunAssessment,
  type TargetReport,
  type ZoneAssessment,
  type ZoneHealth,
  type ZoneKind,
  type ZoneResult,
  type ZoneStatus,
} from './check/index.js';
// The `--json` line of each command.
export type {
  BounceJsonLine,
  CheckJsonLine,
  DiagnoseJsonLine,
  PhishJsonLine,
  ProbeJsonLine,
} from './cli/json-shapes.js';
// Shared input types and the one error class.
export { isMxError, MxError, type MxErrorCode } from './core/errors.js';
export { parseTarget, parseTargets, type Target } from './core/targets.js';
// Domain diagnosis.
export {
  DIAGNOSE_DEFAULTS,
  type DiagnoseItem,
  type DiagnoseOptions,
  type DiagnoseReport,
  diagnoseDomain,
  type ItemStatus,
  type MxHost,
  type PartState,
  type ProbeFn,
  type ProbeView,
  type ProgressEvent,
  type SectionId,
} from './diagnose/index.js';
// DNS: the Resolver port and its two implementations behind one factory.
export {
  type CreateResolverOptions,
  createResolver,
  DNS_DEFAULTS,
  type DnsFailure,
  type DnsOutcome,
  type MxRecord,
  parseServerAddress,
  type RecordMap,
  type RecordType,
  type Resolver,
  type ServerAddress,
} from './dns/index.js';
// Phishing analysis.
export {
  type AttachmentInfo,
  analyzePhish,
  type Finding,
  type Link,
  type LinkSource,
  PHISH_DEFAULTS,
  type PhishReport,
  type RuleKind,
  type Verdict,
} from './phish/index.js';
// SMTP probe.
export {
  type BlockedFinding,
  type Connector,
  type ConnectResult,
  connectTcp,
  type HostTarget,
  lookupMxHosts,
  type MtaIdentity,
  type MxLookup,
  PROBE_DEFAULTS,
  type ProbeHostsOptions,
  type ProbeOptions,
  type ProbeReport,
  type ProbeTarget,
  probeExitStatus,
  probeHost,
  probeHosts,
  type RcptCheck,
  type RelayVerdict,
  type Remedy,
  type SmtpReply,
  type SmtpTransport,
  type TlsHandshake,
  type TlsReport,
  type TranscriptLine,
  type UnknownRecipientVerdict,
} from './probe/index.js';
