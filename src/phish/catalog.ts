/** The rule catalog (rules.json: id -> kind, weight, meaning) and the finding collector. */

import { MAX_EVIDENCE } from './limits.js';
import catalog from './rules.json' with { type: 'json' };
import type { Finding, RuleKind, RuleRole } from './types.js';

export type RuleId = keyof typeof catalog;

export interface RuleInfo {
  id: RuleId;
  kind: RuleKind;
  role: RuleRole;
  weight: number;
  /** A verb phrase for the verdict's sentence ("asks for a password"). */
  gist: string;
  meaning: string;
}

export const RULES: readonly RuleInfo[] = (Object.keys(catalog) as RuleId[]).map((id) => ({
  id,
  kind: catalog[id].kind as RuleKind,
  role: catalog[id].role as RuleRole,
  weight: catalog[id].weight,
  gist: catalog[id].gist,
  meaning: catalog[id].meaning,
}));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleInfo(id: RuleId): RuleInfo {
  return BY_ID.get(id)!;
}

/**
 * Collects findings: each rule fires at most once per message (its weight counts once), later
 * hits of the same rule add evidence, up to MAX_EVIDENCE items.
 */
export class Findings {
  private readonly byRule = new Map<RuleId, Finding>();

  add(rule: RuleId, detail: string, evidence: string): void {
    const existing = this.byRule.get(rule);
    if (existing) {
      if (existing.evidence.length < MAX_EVIDENCE && !existing.evidence.includes(evidence))
        existing.evidence.push(evidence);
      return;
    }
    const info = ruleInfo(rule);
    this.byRule.set(rule, {
      rule,
      weight: info.weight,
      kind: info.kind,
      role: info.role,
      detail,
      evidence: [evidence],
    });
  }

  has(rule: RuleId): boolean {
    return this.byRule.has(rule);
  }

  hasRole(role: RuleRole): boolean {
    for (const f of this.byRule.values()) if (f.role === role) return true;
    return false;
  }

  list(): Finding[] {
    // Code-unit order, not localeCompare: rule ids are ASCII, and the first localeCompare of a
    // process loads ICU collation data (15 ms of a one-file run).
    return [...this.byRule.values()].sort(
      (a, b) => b.weight - a.weight || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
    );
  }
}
