/** Public surface of the phishing analysis. */
export { analyzeMessage, analyzeParsed } from './analyze.js';
export { RULES, type RuleId, type RuleInfo } from './catalog.js';
export { renderRuleCatalog, renderText, toJson } from './render.js';
export type { AttachmentInfo, Finding, Link, LinkSource, PhishReport, RuleKind, Verdict } from './types.js';
export { decideVerdict, PHISHING_MIN_SCORE, SUSPICIOUS_MIN_SCORE } from './verdict.js';
