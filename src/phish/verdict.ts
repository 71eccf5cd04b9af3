/**
 * From findings to a verdict. Weights add up to a score; `phishing` needs both a score of
 * PHISHING_MIN_SCORE and at least one finding of a credential or brand lure (a `phishing` rule),
 * so that spam piling up weak signals is called `suspicious`, not phishing.
 */
import type { Finding, Verdict } from './types.js';

export const PHISHING_MIN_SCORE = 6;
/**
 * One moderately strong sign (a link to a bare IP, a shortener, a page on a shared hosting
 * platform, an internationalised domain, a failed composite authentication) is enough to say
 * "take care"; weak signs (lure words, a brand word in a host name) need company.
 */
export const SUSPICIOUS_MIN_SCORE = 2.5;

export function scoreFindings(findings: readonly Finding[]): number {
  return Math.round(findings.reduce((sum, f) => sum + f.weight, 0) * 10) / 10;
}

export function decideVerdict(findings: readonly Finding[]): { verdict: Verdict; score: number } {
  const score = scoreFindings(findings);
  const lure = findings.some((f) => f.kind === 'phishing');
  if (lure && score >= PHISHING_MIN_SCORE) return { verdict: 'phishing', score };
  if (score >= SUSPICIOUS_MIN_SCORE) return { verdict: 'suspicious', score };
  return { verdict: 'clean', score };
}
