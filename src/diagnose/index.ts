export type { PartState, ProgressEvent } from './deadline.js';
export { DIAGNOSE_DEFAULTS } from './defaults.js';
export {
  DEFAULT_PART_TIMEOUT_MS,
  DEFAULT_SMTP_TIMEOUT_MS,
  type DiagnoseOptions,
  diagnose,
  /** The library face's name: one report for a mail domain or one IP address. */
  diagnose as diagnoseDomain,
  resolveDiagnoseOptions,
} from './diagnose.js';
export { classifyPtr, type PtrClassification, type PtrKind } from './generic-ptr.js';
export { toNodeStyleResolver } from './mailauth-resolver.js';
export { rankFixes, TOP_FIXES } from './rank.js';
export { greetingName } from './smtp.js';
export {
  type DiagnoseItem,
  type DiagnoseReport,
  type ItemStatus,
  type MxHost,
  type ProbeFn,
  type ProbeView,
  SECTION_TITLES,
  type SectionId,
} from './types.js';
