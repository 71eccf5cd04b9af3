export { findCodeMeaning, loadBuiltinCatalog, parseCatalog, selectZones } from './catalog.js';
export type { CatalogEntry, DelistPolicy, ZoneKind } from './catalog-types.js';
export { type CheckOptions, checkTargets, checkZone, summarise } from './check.js';
export { HealthCache, probeZoneHealth } from './health.js';
export { describeCodes, interpretAnswer, interpretCodes } from './interpret.js';
export type { CheckSummary, TargetReport, ZoneHealth, ZoneResult, ZoneStatus } from './types.js';
