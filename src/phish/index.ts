/** Public surface of the phishing analysis. `analyzePhish` is the library face's name for it. */
export { analyzeMessage, analyzeMessage as analyzePhish, analyzeParsed } from './analyze.js';
export { RULES, type RuleId, type RuleInfo } from './catalog.js';
export { PHISH_DEFAULTS } from './defaults.js';
export { renderRuleCatalog, renderText, toJson } from './render.js';
export type { AttachmentInfo, Finding, Link, LinkSource, PhishReport, RuleKind, Verdict } from './types.js';
export { decideVerdict, PHISHING_MIN_SCORE, SUSPICIOUS_MIN_SCORE } from './verdict.js';
