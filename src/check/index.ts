export {
  type AssessOptions,
  assessZones,
  judgeResolver,
  type ResolverFault,
  type ResolverVerdict,
  type RunAssessment,
  type ZoneAssessment,
} from './assess.js';
export { findCodeMeaning, loadBuiltinCatalog, parseCatalog, selectZones } from './catalog.js';
export type { CatalogEntry, DelistPolicy, ZoneKind } from './catalog-types.js';
export { type CheckOptions, checkTargets, checkZone, summarise } from './check.js';
export { CHECK_DEFAULTS } from './defaults.js';
export { BREAKER_TIMEOUTS, HealthCache, probeZoneHealth } from './health.js';
export { describeCodes, interpretAnswer, interpretCodes } from './interpret.js';
export { type LoadCatalogOptions, loadCatalog } from './load-catalog.js';
export type { CheckSummary, TargetReport, ZoneHealth, ZoneResult, ZoneStatus } from './types.js';
