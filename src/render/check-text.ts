import { DEAD_ZONE_REASON } from '../check/health.js';
import type { TargetReport, ZoneResult } from '../check/types.js';
import { sanitizeLine as clean } from '../core/sanitize.js';

export interface Paint {
  red: (s: string) => string;
  yellow: (s: string) => string;
  green: (s: string) => string;
  dim: (s: string) => string;
  bold: (s: string) => string;
}

export const NO_COLOUR: Paint = {
  red: (s) => s,
  yellow: (s) => s,
  green: (s) => s,
  dim: (s) => s,
  bold: (s) => s,
};

/**
 * The terminal table for one target: listings first (with meaning, TXT reason, delisting link
 * and policy), then errors, unhealthy and unverified zones with the reason, then the counts.
 * Zones in `shownAbove` had their health printed once for the run (renderRunHealth): their
 * unhealthy or unverified results are counted, not repeated per target.
 */
export function renderCheckText(
  report: TargetReport,
  paint: Paint = NO_COLOUR,
  shownAbove: ReadonlySet<string> = new Set(),
): string {
  const { summary } = report;
  const total = report.results.length;
  const lines: string[] = [];
  const failed = summary.error + summary.unhealthy + summary.unverified;
  const head =
    summary.listed > 0
      ? paint.red(`LISTED on ${summary.listed} of ${total} lists`)
      : failed === total && total > 0
        ? paint.yellow(`could not determine: every query failed (${total} lists)`)
        : paint.green(`not listed on ${summary.clean} lists`);
  lines.push(`${paint.bold(clean(report.target))}  ${head}`);
  if (report.addresses)
    lines.push(`  addresses: ${report.addresses.length ? clean(report.addresses.join(', ')) : '(none)'}`);
  if (report.addressError) lines.push(`  ${paint.yellow(clean(report.addressError))}`);
  for (const r of report.results.filter((x) => x.status === 'listed')) lines.push(...listedLines(r, paint));
  for (const r of report.results) {
    if (r.status === 'listed' || r.status === 'clean') continue;
    if (r.status !== 'error' && shownAbove.has(r.zone)) continue;
    lines.push(`  ${paint.yellow(LABELS[r.status])} ${zoneLabel(r)}: ${clean(r.error ?? '')}`);
  }
  const counts = [
    `${summary.clean} clean`,
    `${summary.listed} listed`,
    `${summary.error} error`,
    `${summary.unhealthy} unhealthy`,
    `${summary.unverified} unverified`,
  ];
  lines.push(paint.dim(`  ${counts.join(', ')}`));
  // A run that printed zone health above said the resolver's part there, once.
  const hint = shownAbove.size === 0 ? resolverHint(report) : null;
  if (hint) lines.push(`  ${paint.yellow(`hint: ${hint}`)}`);
  return `${lines.join('\n')}\n`;
}

const LABELS = { error: 'ERROR    ', unhealthy: 'UNHEALTHY', unverified: 'UNVERIFIED' } as const;

/** Below this many zones a pattern of failures says nothing about the resolver. */
const HINT_MIN_ZONES = 5;

/**
 * When most lists fail the same way, the cause is the path to them, not the lists: a resolver
 * that answers NXDOMAIN for everything (a sandbox, a captive or filtering resolver) makes every
 * list miss its 127.0.0.2 test point; a dead resolver or network makes every query time out.
 */
export function resolverHint(report: TargetReport): string | null {
  const total = report.results.length;
  if (total < HINT_MIN_ZONES) return null;
  const count = (test: (r: ZoneResult) => boolean) => report.results.filter(test).length;
  const emptied = count((r) => r.status === 'unhealthy' && (r.error ?? '').startsWith(DEAD_ZONE_REASON));
  if (emptied >= HINT_MIN_ZONES && emptied * 2 >= total) {
    return `${emptied} of ${total} lists do not list their RFC 5782 test point: the resolver is probably not reaching them (it answers "no such name" for everything, filters DNSBL queries, or has no Internet access). Try --resolver with your own recursive resolver.`;
  }
  const timedOut = count((r) => r.status === 'error' && (r.error ?? '').startsWith('timeout'));
  if (timedOut >= HINT_MIN_ZONES && timedOut * 2 >= total) {
    return `${timedOut} of ${total} lists timed out: the resolver or the network is probably down or overloaded (try --resolver, or a lower --concurrency).`;
  }
  return null;
}

function listedLines(r: ZoneResult, paint: Paint): string[] {
  const out = [`  ${paint.red('LISTED   ')} ${zoneLabel(r)}  ${clean(r.codes.join(', '))}`];
  // The TXT reason is the list operator's text, from DNS: sanitised like every outside string.
  if (r.meaning) out.push(`            meaning: ${clean(r.meaning)}`);
  if (r.txt) out.push(`            reason:  ${clean(r.txt)}`);
  if (r.delist) out.push(`            delist:  ${clean(r.delist)}`);
  if (r.policy) out.push(`            policy:  ${clean(r.policy)}`);
  return out;
}

function zoneLabel(r: ZoneResult): string {
  const name = r.name && r.name !== r.zone ? `${r.name} (${r.zone})` : r.zone;
  return clean(r.address ? `${name} [${r.address}]` : name);
}

/**
 * True when a target has anything to show beyond "clean" (used to condense range output). The
 * unhealthy or unverified results of zones in `shownAbove` (the run header) do not count: a dead
 * list must not make every address of a /24 "noteworthy".
 */
export function isNoteworthy(report: TargetReport, shownAbove: ReadonlySet<string> = new Set()): boolean {
  const { summary } = report;
  if (summary.listed + summary.error > 0 || report.addressError !== undefined) return true;
  if (summary.unhealthy + summary.unverified === 0) return false;
  return report.results.some(
    (r) => (r.status === 'unhealthy' || r.status === 'unverified') && !shownAbove.has(r.zone),
  );
}
