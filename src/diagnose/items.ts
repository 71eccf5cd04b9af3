import type { DiagnoseItem, ItemStatus, SectionId } from './types.js';

/** A new item with empty evidence and no fix; callers push evidence and set the fix. */
export function item(
  id: string,
  section: SectionId,
  status: ItemStatus,
  title: string,
  weight: number,
): DiagnoseItem {
  return { id, section, status, title, evidence: [], fix: null, weight };
}

/** An `unknown` item for a part that did not finish (timeout or failure). */
export function unknownItem(id: string, section: SectionId, title: string, reason: string): DiagnoseItem {
  const found = item(id, section, 'unknown', title, 0);
  found.evidence.push(reason);
  return found;
}
