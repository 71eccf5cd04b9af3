/** Bounce analysis: the library face (one options type, one DEFAULTS, typed results). */
export { analyzeBounce } from './analyze.js';
export { type AttributionContext, attributeBlocklist, extractRejectedIp } from './attribution.js';
export { type CatalogLookup, lookupFromCatalog, type ZoneFacts } from './catalog-link.js';
export { classifyReason, explainReason, isHardBounce } from './classify.js';
export { findEnhancedStatus, findReplyCode, isRfc3463Status } from './codes.js';
export { BOUNCE_DEFAULTS, type BounceOptions, DEFAULTS } from './defaults.js';
export { parseDeliveryStatus, parseFeedbackReport } from './dsn.js';
export { blockedIps, renderText, toJson } from './render.js';
export { parseSesNotification } from './ses-json.js';
export type * from './types.js';
