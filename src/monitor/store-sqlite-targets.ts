/**
 * The SQLite store's target writes (add, rename, config sync, remove), as functions over the
 * store's statement helpers; the caller holds the transaction.
 */

import { planConfigSync } from './config-sync.js';
import type { ConfigSyncResult, StoredTarget } from './ports.js';
import { type TargetDbRow, toTarget } from './store-sqlite-schema.js';

/** The store's prepared-statement helpers: `run` counts the rows it changed. */
export interface Sql {
  run(sql: string, ...params: unknown[]): number;
  all(sql: string, ...params: unknown[]): unknown[];
}

export function insertTarget(sql: Sql, t: StoredTarget): number {
  return sql.run(
    `INSERT OR IGNORE INTO targets (target, grp, kind, added_at, first_scan_at, name, source)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    t.target,
    t.group,
    t.kind,
    t.addedAt,
    t.firstScanAt,
    t.name,
    t.source,
  );
}

function readTarget(sql: Sql, target: string): StoredTarget | null {
  const [row] = sql.all('SELECT * FROM targets WHERE target = ?', target) as TargetDbRow[];
  return row ? toTarget(row) : null;
}

export function updateTargetRow(
  sql: Sql,
  target: string,
  patch: { group?: string; name?: string | null },
): StoredTarget | null {
  const before = readTarget(sql, target);
  if (!before) return null;
  sql.run(
    'UPDATE targets SET grp = ?, name = ? WHERE target = ?',
    patch.group ?? before.group,
    patch.name === undefined ? before.name : patch.name,
    target,
  );
  return readTarget(sql, target);
}

/** Store.syncConfigTargets without its transaction. */
export function syncTargetRows(sql: Sql, wanted: readonly StoredTarget[]): ConfigSyncResult {
  const stored = (sql.all('SELECT * FROM targets') as TargetDbRow[]).map(toTarget);
  const plan = planConfigSync(stored, wanted);
  for (const w of plan.add) insertTarget(sql, { ...w, source: 'config' });
  for (const w of plan.update)
    sql.run(
      `UPDATE targets SET grp = ?, name = ?, source = 'config' WHERE target = ?`,
      w.group,
      w.name,
      w.target,
    );
  return {
    added: plan.add.map((w) => w.target),
    updated: plan.update.map((w) => w.target),
    removed: plan.remove.filter((target) => removeTargetRows(sql, target)),
  };
}

/** State rows, records and probes go with the target; events (history) stay. */
export function removeTargetRows(sql: Sql, target: string): boolean {
  sql.run('DELETE FROM current_state WHERE target = ?', target);
  sql.run('DELETE FROM records WHERE target = ?', target);
  sql.run('DELETE FROM smtp_probes WHERE target = ?', target);
  return sql.run('DELETE FROM targets WHERE target = ?', target) > 0;
}
