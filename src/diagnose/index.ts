export type { PartState, ProgressEvent } from './deadline.js';
export {
  DEFAULT_PART_TIMEOUT_MS,
  DEFAULT_SMTP_TIMEOUT_MS,
  type DiagnoseOptions,
  diagnose,
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
