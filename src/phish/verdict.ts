/**
 * From findings to a verdict and the one sentence that explains it. Weights add up to a score.
 * `phishing` is deception aimed at credentials, payment or malware: a payload (a password form, a
 * program) or impersonation together with a lure or a destination, and a score of
 * PHISHING_MIN_SCORE. Spam and scams without impersonation are `suspicious` however high they
 * score; legitimacy evidence (an authenticated, consistent sender) weighs negative.
 */
import { ruleInfo } from './catalog.js';
import type { Finding, Verdict } from './types.js';

export const PHISHING_MIN_SCORE = 6;
/**
 * The whole pattern named at once (impersonation, a lure and somewhere to go: "PayPal Service"
 * from a stranger's domain, "verify your account", a link) is phishing from this score: the
 * brand name (4) and lure wording (1.5) with a link make the textbook case.
 */
export const PHISHING_PATTERN_MIN_SCORE = 5;
/**
 * One moderately strong sign (a link to a bare IP, a shortener, a page on a shared hosting
 * platform, an internationalised domain, a failed composite authentication) is enough to say
 * "take care"; weak signs (lure words, a brand word in a host name) need company.
 */
export const SUSPICIOUS_MIN_SCORE = 2.5;

/** What the verdict rests on, beside the findings: the message can take the reader somewhere. */
export interface VerdictContext {
  /** Web links, attachments, a telephone number or a reply address: somewhere for a victim to go. */
  hasDestination: boolean;
}

export function scoreFindings(findings: readonly Finding[]): number {
  return Math.round(findings.reduce((sum, f) => sum + f.weight, 0) * 10) / 10;
}

function isPhishing(findings: readonly Finding[], context: VerdictContext, score: number): boolean {
  const has = (role: Finding['role']) => findings.some((f) => f.role === role);
  if (has('payload')) return score >= PHISHING_MIN_SCORE;
  if (!has('impersonation')) return false;
  const goes = has('destination') || context.hasDestination;
  if (has('lure') && goes) return score >= PHISHING_PATTERN_MIN_SCORE;
  return (has('lure') || goes) && score >= PHISHING_MIN_SCORE;
}

export function decideVerdict(
  findings: readonly Finding[],
  context: VerdictContext = { hasDestination: true },
): { verdict: Verdict; score: number } {
  const score = scoreFindings(findings);
  if (isPhishing(findings, context, score)) return { verdict: 'phishing', score };
  if (score >= SUSPICIOUS_MIN_SCORE) return { verdict: 'suspicious', score };
  return { verdict: 'clean', score };
}

/** "a, b and c" */
function list(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function gists(findings: readonly Finding[], roles: ReadonlyArray<Finding['role']>, max: number): string[] {
  return findings
    .filter((f) => roles.includes(f.role))
    .slice(0, max)
    .map((f) => ruleInfo(f.rule as Parameters<typeof ruleInfo>[0]).gist);
}

/**
 * One sentence before the findings: what the message does that earns its verdict.
 *
 * @example
 * explainVerdict('phishing', findings);
 * // 'Phishing: the message shows a brand's web address on a link that goes elsewhere and carries a program.'
 */
export function explainVerdict(verdict: Verdict, findings: readonly Finding[]): string {
  if (verdict === 'phishing') {
    const deceit = gists(findings, ['impersonation', 'payload'], 2);
    const lure = gists(findings, ['lure', 'destination'], 1);
    return `Phishing: the message ${list([...deceit, ...lure])}.`;
  }
  const positive = findings.filter((f) => f.weight > 0);
  if (verdict === 'suspicious') {
    const signs = list(gists(positive, ['impersonation', 'payload', 'lure', 'destination', 'sign'], 3));
    const impersonates = positive.some((f) => f.role === 'impersonation');
    return impersonates
      ? `Suspicious: the message ${signs}, though not enough to call it phishing.`
      : `Suspicious: the message ${signs}, but does not pretend to be a known sender (spam or a scam, not phishing).`;
  }
  const legit = gists(findings, ['legitimacy'], 1);
  if (legit.length > 0) return `Clean: the message ${legit[0]}, and nothing deceptive outweighs that.`;
  return positive.length > 0
    ? `Clean: only weak signs (the message ${list(gists(positive, ['impersonation', 'payload', 'lure', 'destination', 'sign'], 2))}).`
    : 'Clean: no sign of deception found.';
}
