export {
  type AssessOptions,
  assessZones,
  type ResolverFault,
  type ResolverVerdict,
  type RunAssessment,
  type ZoneAssessment,
} from './assess.js';
export { parseCatalog, selectZones } from './catalog.js';
export type { CatalogEntry, DelistPolicy, ZoneKind } from './catalog-types.js';
export { type CheckOptions, checkTargets, checkZone } from './check.js';
export { CHECK_DEFAULTS } from './defaults.js';
export { HealthCache } from './health.js';
export { describeCodes } from './interpret.js';
export { type LoadCatalogOptions, loadCatalog } from './load-catalog.js';
export type { CheckSummary, TargetReport, ZoneHealth, ZoneResult, ZoneStatus } from './types.js';
