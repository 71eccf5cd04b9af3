/**
 * The config file's watch list as store rows, and names checked: what a config sync (at start,
 * and on SIGHUP through Monitor.reloadTargets) hands to Store.syncConfigTargets. Pure.
 */
import { MxError } from '../core/errors.js';
import { parseTarget } from '../core/targets.js';
import type { ConfigSyncResult, StoredTarget } from './ports.js';
import type { MonitorConfig } from './types.js';

/**
 * A target's display name: it becomes a Prometheus label value and a dashboard string, so it is
 * short and printable (no control characters to smuggle into logs or alert bodies).
 */
export const TARGET_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 _.:@/+-]{0,63}$';
const NAME = new RegExp(TARGET_NAME_PATTERN);

/** Throws MxError('usage') on a bad name; returns it trimmed. */
export function checkTargetName(name: string): string {
  const trimmed = name.trim();
  if (!NAME.test(trimmed))
    throw new MxError(
      'usage',
      `name "${trimmed.slice(0, 80)}": 1-64 letters, digits, space and _ . : @ / + - (starting with a letter or digit)`,
    );
  return trimmed;
}

/** One spelling per target (2001:DB8::1 and 2001:db8::1 are the same address). */
export function canonicalTarget(parsed: ReturnType<typeof parseTarget>): string {
  if (parsed.kind === 'ip') return parsed.ip.text;
  if (parsed.kind === 'cidr') return parsed.cidr.text;
  return parsed.domain;
}

/** Every group's targets as `config` rows (the first group naming a target wins; config.ts refuses twins). */
export function configTargets(config: MonitorConfig, atIso: string): StoredTarget[] {
  const out = new Map<string, StoredTarget>();
  for (const g of config.groups) {
    for (const text of g.targets) {
      const parsed = parseTarget(text);
      const target = canonicalTarget(parsed);
      if (out.has(target)) continue;
      const name = g.names?.[text];
      out.set(target, {
        target,
        group: g.name,
        kind: parsed.kind,
        addedAt: atIso,
        firstScanAt: null,
        name: name === undefined ? null : name,
        source: 'config',
      });
    }
  }
  return [...out.values()];
}

/** What a config sync changes in a store: the same plan for every store. */
export interface ConfigSyncPlan {
  /** Wanted targets the store does not hold. */
  add: StoredTarget[];
  /** Wanted targets held under another group or name, or not yet as config targets. */
  update: StoredTarget[];
  /** Config targets the file no longer names (the store keeps their history). */
  remove: string[];
}

export function planConfigSync(
  stored: Iterable<StoredTarget>,
  wanted: readonly StoredTarget[],
): ConfigSyncPlan {
  const held = new Map<string, StoredTarget>();
  for (const t of stored) held.set(t.target, t);
  const plan: ConfigSyncPlan = { add: [], update: [], remove: [] };
  for (const w of wanted) {
    const t = held.get(w.target);
    if (!t) plan.add.push(w);
    else if (t.group !== w.group || t.name !== w.name || t.source !== 'config') plan.update.push(w);
  }
  const keep = new Set(wanted.map((w) => w.target));
  for (const t of held.values()) if (t.source === 'config' && !keep.has(t.target)) plan.remove.push(t.target);
  return plan;
}

/** One log line for a sync that changed something, or null. */
export function describeSync(result: ConfigSyncResult): string | null {
  const parts: string[] = [];
  const list = (targets: string[]) =>
    targets.slice(0, 5).join(', ') + (targets.length > 5 ? ` and ${targets.length - 5} more` : '');
  if (result.added.length > 0) parts.push(`${result.added.length} added`);
  if (result.updated.length > 0) parts.push(`${result.updated.length} moved or renamed`);
  if (result.removed.length > 0)
    parts.push(
      `${result.removed.length} no longer watched (left the file; history kept): ${list(result.removed)}`,
    );
  return parts.length === 0 ? null : `config targets: ${parts.join('; ')}`;
}
