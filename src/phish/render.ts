/** PhishReport -> readable text, JSON line, and the rule catalog for --explain. */
import { sanitizeLine as clean } from '../core/sanitize.js';
import { RULES } from './catalog.js';
import type { PhishReport } from './types.js';
import { PHISHING_MIN_SCORE, SUSPICIOUS_MIN_SCORE } from './verdict.js';

const VERDICT_WORDS = {
  phishing: 'PHISHING: deception aimed at credentials, payment or malware; do not click, open, call or reply',
  suspicious: 'SUSPICIOUS: scam, spam or risky content; treat with care',
  clean: 'CLEAN: no phishing signs found',
} as const;

/** Links shown per message in the text report (the JSON has them all). */
const TEXT_REPORT_LINKS = 10;

export function renderText(name: string, report: PhishReport): string {
  // Every string below but the verdict words comes from the message: sanitised, so that a
  // Subject or a file name cannot retitle the terminal or fake the verdict line.
  const lines = [`${clean(name)}: ${VERDICT_WORDS[report.verdict]} (score ${report.score})`];
  lines.push(`  ${clean(report.explanation)}`);
  if (report.subject) lines.push(`  subject: ${clean(report.subject)}`);
  if (report.from) lines.push(`  from:    ${clean(report.from)}`);
  if (report.parseError)
    lines.push(`  note: the message could not be fully parsed (${clean(report.parseError)})`);
  for (const note of report.truncated) lines.push(`  note: ${clean(note)}`);
  if (report.findings.length > 0) lines.push('  findings:');
  for (const f of report.findings) {
    lines.push(`    [${f.rule}] ${f.weight < 0 ? f.weight : `+${f.weight}`}: ${clean(f.detail)}`);
    for (const e of f.evidence) lines.push(`        ${clean(e.length > 160 ? `${e.slice(0, 157)}...` : e)}`);
  }
  const web = report.links.filter((l) => l.host !== null);
  if (web.length > 0) lines.push(`  links (${web.length}):`);
  for (const link of web.slice(0, TEXT_REPORT_LINKS)) {
    const text = link.text ? ` "${link.text.slice(0, 60)}"` : '';
    lines.push(`    ${clean(`${link.registrableDomain ?? link.host}${text} ${link.href.slice(0, 100)}`)}`);
  }
  if (web.length > TEXT_REPORT_LINKS)
    lines.push(`    ... ${web.length - TEXT_REPORT_LINKS} more (--json lists all)`);
  for (const a of report.attachments)
    lines.push(`  attachment: ${clean(`${a.filename || '(unnamed)'} (${a.mimeType}`)}, ${a.size} bytes)`);
  return `${lines.join('\n')}\n`;
}

export function toJson(name: string, report: PhishReport): Record<string, unknown> {
  return {
    file: name,
    verdict: report.verdict,
    score: report.score,
    explanation: report.explanation,
    subject: report.subject,
    from: report.from,
    findings: report.findings.map((f) => ({
      rule: f.rule,
      weight: f.weight,
      kind: f.kind,
      role: f.role,
      detail: f.detail,
      evidence: f.evidence,
    })),
    links: report.links.map((l) => ({
      href: l.href,
      text: l.text,
      registrableDomain: l.registrableDomain,
      host: l.host,
      source: l.source,
    })),
    attachments: report.attachments,
    truncated: report.truncated,
    ...(report.parseError === undefined ? {} : { parseError: report.parseError }),
  };
}

/** What every rule means, for `--explain`. */
export function renderRuleCatalog(): string {
  const lines = [
    `How the verdict is reached: each rule that fires adds its weight (legitimacy evidence subtracts).`,
    `phishing = score >= ${PHISHING_MIN_SCORE} and deception aimed at credentials, payment or malware: a payload (a password`,
    'form, a program) or impersonation (a brand or organisation claimed by a sender or link that is not theirs)',
    `together with a lure or a destination; suspicious = score >= ${SUSPICIOUS_MIN_SCORE} (spam and scams without impersonation);`,
    'clean otherwise. One sentence before the findings says which of these the verdict rests on.',
    '',
  ];
  for (const rule of RULES) {
    lines.push(`${rule.id} (${rule.kind}, weight ${rule.weight})`);
    lines.push(`    [${rule.role}] ${rule.meaning}`);
  }
  return `${lines.join('\n')}\n`;
}
