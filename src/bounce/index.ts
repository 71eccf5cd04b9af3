export { analyzeBounce } from './analyze.js';
export { attributeBlocklist, extractRejectedIp, setCatalogLookup } from './attribution.js';
export { lookupFromCatalog } from './catalog-link.js';
export { classifyReason, explainReason, isHardBounce } from './classify.js';
export { findEnhancedStatus, findReplyCode, isRfc3463Status } from './codes.js';
export { parseDeliveryStatus, parseFeedbackReport } from './dsn.js';
export { parseSesNotification } from './ses-json.js';
export type * from './types.js';
