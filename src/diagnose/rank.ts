import type { DiagnoseItem, ItemStatus } from './types.js';

export const TOP_FIXES = 3;

/**
 * The fixes to make first: problems and warnings with a fix, by how likely they are to make
 * mail bounce (`weight`: listings and missing reverse DNS reject mail outright, SPF permerrors
 * fail authentication everywhere, a missing TLS-RPT record never bounces anything). One entry per
 * kind of fix (the id before ':'), so three MX hosts without a PTR take one slot, not three.
 */
export function rankFixes(items: readonly DiagnoseItem[], count = TOP_FIXES): DiagnoseItem[] {
  const candidates = items
    .filter((i) => (i.status === 'problem' || i.status === 'warning') && i.fix !== null)
    .sort((a, b) => b.weight - a.weight || statusRank(a.status) - statusRank(b.status));
  const seen = new Set<string>();
  const top: DiagnoseItem[] = [];
  for (const candidate of candidates) {
    const kind = candidate.id.split(':')[0]!;
    if (seen.has(kind)) continue;
    seen.add(kind);
    top.push(candidate);
    if (top.length === count) break;
  }
  return top;
}

function statusRank(status: ItemStatus): number {
  return status === 'problem' ? 0 : status === 'warning' ? 1 : 2;
}

export function countStatuses(items: readonly DiagnoseItem[]): Record<ItemStatus, number> {
  const summary: Record<ItemStatus, number> = { ok: 0, warning: 0, problem: 0, unknown: 0 };
  for (const i of items) summary[i.status]++;
  return summary;
}
