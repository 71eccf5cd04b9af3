/** The domain diagnosis's public surface; `diagnoseDomain` is the library face's name for it. */
export type { PartState, ProgressEvent } from './deadline.js';
export { DIAGNOSE_DEFAULTS } from './defaults.js';
export {
  type DiagnoseOptions,
  diagnose,
  /** The library face's name: one report for a mail domain or one IP address. */
  diagnose as diagnoseDomain,
} from './diagnose.js';
export type {
  DiagnoseItem,
  DiagnoseReport,
  ItemStatus,
  MxHost,
  ProbeFn,
  ProbeView,
  ResolverCheck,
  SectionId,
} from './types.js';
