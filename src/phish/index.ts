/** Public surface of the phishing analysis. `analyzePhish` is the library face's name for it. */

export { looksBinary } from '../mail/binary.js';
export { analyzeMessage, analyzeMessage as analyzePhish } from './analyze.js';
export { PHISH_DEFAULTS } from './defaults.js';
export { renderRuleCatalog, renderText, toJson } from './render.js';
export type { AttachmentInfo, Finding, Link, LinkSource, PhishReport, RuleKind, Verdict } from './types.js';
