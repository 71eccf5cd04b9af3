import { sanitizeLine as clean } from '../core/sanitize.js';
import type { DiagnoseItem, DiagnoseReport, ItemStatus, SectionId } from '../diagnose/types.js';
import { SECTION_TITLES } from '../diagnose/types.js';
import { NO_COLOUR, type Paint } from './check-text.js';

const LABEL: Record<ItemStatus, string> = {
  ok: 'ok',
  warning: 'WARNING',
  problem: 'PROBLEM',
  unknown: 'unknown',
};
/** Evidence lines shown under an ok item (problems show all of theirs). */
const OK_EVIDENCE_LINES = 2;

function paintStatus(status: ItemStatus, paint: Paint): string {
  const text = LABEL[status].padEnd(8);
  if (status === 'problem') return paint.red(text);
  if (status === 'warning') return paint.yellow(text);
  if (status === 'ok') return paint.green(text);
  return paint.dim(text);
}

/** One line of counts: "2 problems, 1 warning, 17 ok, 0 unknown". */
export function summaryLine(report: DiagnoseReport): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(s.problem, 'problem')}, ${plural(s.warning, 'warning')}, ${s.ok} ok, ${s.unknown} unknown`;
}

/** The terminal report: summary and the three fixes first, then every section with its evidence. */
export function renderDiagnoseText(report: DiagnoseReport, paint: Paint = NO_COLOUR): string {
  const lines: string[] = [];
  lines.push(`${paint.bold(`Diagnosis of ${clean(report.target)}`)}  (${report.kind}, ${report.startedAt})`);
  lines.push(`Summary: ${summaryLine(report)}`);
  if (report.addresses.length > 0) lines.push(`Addresses examined: ${clean(report.addresses.join(', '))}`);
  lines.push('');
  if (report.topFixes.length > 0) {
    lines.push(paint.bold('Fix these first:'));
    report.topFixes.forEach((fix, i) => {
      lines.push(`  ${i + 1}. ${paintStatus(fix.status, paint)} ${clean(fix.title)}`);
      lines.push(`     -> ${clean(fix.fix ?? '')}`);
    });
  } else {
    lines.push(paint.green('Nothing to fix: no problem or warning found.'));
  }
  if (report.incomplete.length > 0) {
    lines.push('', paint.yellow('Not checked (reported as unknown):'));
    for (const part of report.incomplete) lines.push(`  ${clean(part.part)}: ${clean(part.reason)}`);
  }
  for (const [section, items] of groupBySection(report.items)) {
    lines.push('', paint.bold(`== ${SECTION_TITLES[section]} ==`));
    for (const item of items) lines.push(...itemLines(item, paint));
  }
  return `${lines.join('\n')}\n`;
}

function itemLines(item: DiagnoseItem, paint: Paint): string[] {
  // Titles and evidence quote DNS records, SMTP replies and host names: sanitised.
  const lines = [`  ${paintStatus(item.status, paint)} ${clean(item.title)}`];
  const evidence = item.status === 'ok' ? item.evidence.slice(0, OK_EVIDENCE_LINES) : item.evidence;
  for (const e of evidence) lines.push(paint.dim(`             ${clean(e)}`));
  if (item.status === 'ok' && item.evidence.length > OK_EVIDENCE_LINES) {
    lines.push(paint.dim(`             (${item.evidence.length - OK_EVIDENCE_LINES} more, see --json)`));
  }
  if (item.fix && item.status !== 'ok') lines.push(`             fix: ${clean(item.fix)}`);
  return lines;
}

/** Items grouped by section, sections in report order. */
export function groupBySection(items: readonly DiagnoseItem[]): Map<SectionId, DiagnoseItem[]> {
  const groups = new Map<SectionId, DiagnoseItem[]>();
  for (const item of items) {
    const list = groups.get(item.section) ?? [];
    list.push(item);
    groups.set(item.section, list);
  }
  return groups;
}
