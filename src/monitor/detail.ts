import type { AlertDetail, EventKind } from './ports.js';

/**
 * The body of an alert that is about no single listing (a first-scan summary, record drift, a
 * digest, a test alert): the listing fields empty, the words in `summary`.
 */
export function summaryDetail(kind: EventKind, target: string, group: string, summary: string): AlertDetail {
  return {
    kind,
    target,
    group,
    zone: '',
    listName: null,
    address: null,
    codes: [],
    meaning: null,
    txt: null,
    delist: null,
    policy: null,
    summary,
  };
}
