/**
 * The SQLite store (better-sqlite3 12, WAL): one file under the data folder. It keeps state
 * CHANGES, not answers: a row per target x zone x name only while it is not clean, an event per
 * listing or delisting, a row per cycle. A clean answer writes nothing, so the file grows with
 * what changes, never with targets x zones x cycles (the 8-10 GB SQLite of a store-everything
 * monitor: louislam/uptime-kuma#4041).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ChangeBatch,
  ConfigSyncResult,
  CycleRow,
  OutboxRow,
  SmtpProbeRow,
  StateRow,
  Store,
  StoredEvent,
  StoredTarget,
} from './ports.js';
import { insertEvent, queueAlerts, writeBatch } from './store-sqlite-batch.js';
import {
  type EventDbRow,
  migrate,
  type OutboxDbRow,
  type TargetDbRow,
  toEvent,
  toOutbox,
  toTarget,
} from './store-sqlite-schema.js';
import {
  insertTarget,
  removeTargetRows,
  type Sql,
  syncTargetRows,
  updateTargetRow,
} from './store-sqlite-targets.js';

export const STORE_FILE = 'mxdoctor.sqlite';

/** Opens (creating if needed) the store in `dataDir` and brings its schema up to date. */
export function openSqliteStore(dataDir: string, fileName = STORE_FILE): Store {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, fileName));
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt; kill -9 loses nothing.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return new SqliteStore(db);
}

class SqliteStore implements Store {
  private written = 0;

  constructor(private readonly db: Database.Database) {}

  private readonly statements = new Map<string, Database.Statement>();

  /** Prepared once per SQL text: preparing on every call was a visible share of a cycle's CPU. */
  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string, ...params: unknown[]): number {
    const changes = this.prepare(sql).run(...params).changes;
    this.written += changes;
    return changes;
  }

  /** The run and read helpers for the target functions of store-sqlite-targets.ts. */
  private readonly sql: Sql = {
    run: (sql, ...params) => this.run(sql, ...params),
    all: (sql, ...params) => this.prepare(sql).all(...params),
  };

  async addTarget(t: StoredTarget): Promise<StoredTarget> {
    insertTarget(this.sql, t);
    return (await this.getTarget(t.target))!;
  }

  async updateTarget(
    target: string,
    patch: { group?: string; name?: string | null },
  ): Promise<StoredTarget | null> {
    return updateTargetRow(this.sql, target, patch);
  }

  async syncConfigTargets(wanted: StoredTarget[]): Promise<ConfigSyncResult> {
    return this.db.transaction(() => syncTargetRows(this.sql, wanted))();
  }

  async removeTarget(target: string): Promise<boolean> {
    return this.db.transaction(() => removeTargetRows(this.sql, target))();
  }

  async listTargets(): Promise<StoredTarget[]> {
    const rows = this.prepare('SELECT * FROM targets ORDER BY added_at, target').all();
    return rows.map((r) => toTarget(r as TargetDbRow));
  }

  async getTarget(target: string): Promise<StoredTarget | null> {
    const row = this.prepare('SELECT * FROM targets WHERE target = ?').get(target);
    return row ? toTarget(row as TargetDbRow) : null;
  }

  async listStates(target?: string): Promise<StateRow[]> {
    const rows = (
      target === undefined
        ? this.prepare('SELECT * FROM current_state').all()
        : this.prepare('SELECT * FROM current_state WHERE target = ?').all(target)
    ) as (Omit<StateRow, 'codes'> & { codes: string })[];
    return rows.map((r) => ({ ...r, codes: JSON.parse(r.codes) as string[] }));
  }

  async apply(batch: ChangeBatch): Promise<void> {
    this.db.transaction(() => writeBatch(this.sql, batch))();
  }

  async history(target: string, limit: number): Promise<StoredEvent[]> {
    const rows = this.prepare(
      `SELECT * FROM events WHERE target = ? AND event IN ('listed', 'delisted')
         ORDER BY at DESC, rowid DESC LIMIT ?`,
    ).all(target, limit);
    return (rows as EventDbRow[]).map(toEvent);
  }

  async recentEvents(limit: number): Promise<StoredEvent[]> {
    const rows = this.prepare(
      `SELECT * FROM events WHERE event IN ('listed', 'delisted') ORDER BY at DESC, rowid DESC LIMIT ?`,
    ).all(limit);
    return (rows as EventDbRow[]).map(toEvent);
  }

  async countTransitions(target: string, zone: string, name: string, sinceIso: string): Promise<number> {
    const row = this.prepare(
      `SELECT COUNT(*) AS n FROM events WHERE target = ? AND zone = ? AND name = ? AND at >= ?
         AND event IN ('listed', 'delisted')`,
    ).get(target, zone, name, sinceIso) as { n: number };
    return row.n;
  }

  async records(target: string): Promise<Map<string, string>> {
    const rows = this.prepare('SELECT kind, value FROM records WHERE target = ?').all(target) as {
      kind: string;
      value: string;
    }[];
    return new Map(rows.map((r) => [r.kind, r.value]));
  }

  async smtpProbes(target: string): Promise<SmtpProbeRow[]> {
    return this.prepare(
      'SELECT target, host, at, verdict FROM smtp_probes WHERE target = ? ORDER BY host',
    ).all(target) as SmtpProbeRow[];
  }

  async dueOutbox(nowIso: string, limit: number): Promise<OutboxRow[]> {
    const rows = this.prepare(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_at <= ? ORDER BY id LIMIT ?`,
    ).all(nowIso, limit);
    return (rows as OutboxDbRow[]).map(toOutbox);
  }

  async heldOutbox(): Promise<OutboxRow[]> {
    const rows = this.prepare(`SELECT * FROM outbox WHERE status = 'held' ORDER BY id`).all();
    return (rows as OutboxDbRow[]).map(toOutbox);
  }

  async releaseDigest(heldIds: number[], digest: StoredEvent, channels: string[]): Promise<void> {
    this.db.transaction(() => {
      for (const id of heldIds) this.run(`UPDATE outbox SET status = 'sent' WHERE id = ?`, id);
      insertEvent(this.sql, digest);
      queueAlerts(this.sql, digest, channels, 'pending');
    })();
  }

  async markSent(id: number, atIso: string): Promise<void> {
    this.run(
      `UPDATE outbox SET status = 'sent', attempts = attempts + 1, next_at = ?, last_error = NULL WHERE id = ?`,
      atIso,
      id,
    );
  }

  async markFailed(id: number, error: string, nextAtIso: string, dead: boolean): Promise<void> {
    this.run(
      'UPDATE outbox SET status = ?, attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?',
      dead ? 'dead' : 'pending',
      nextAtIso,
      error,
      id,
    );
  }

  async startCycle(group: string, atIso: string): Promise<number> {
    const info = this.prepare('INSERT INTO cycles (grp, started_at) VALUES (?, ?)').run(group, atIso);
    this.written += info.changes;
    return Number(info.lastInsertRowid);
  }

  async finishCycle(id: number, atIso: string): Promise<void> {
    this.run('UPDATE cycles SET finished_at = ? WHERE id = ?', atIso, id);
  }

  async lastCycles(): Promise<CycleRow[]> {
    const rows = this.prepare(
      `SELECT id, grp AS "group", started_at AS startedAt, finished_at AS finishedAt FROM cycles
         WHERE id IN (SELECT MAX(id) FROM cycles GROUP BY grp)`,
    ).all();
    return rows as CycleRow[];
  }

  async prune(beforeIso: string): Promise<number> {
    return this.db.transaction(() => {
      let n = this.run('DELETE FROM events WHERE at < ?', beforeIso);
      n += this.run(`DELETE FROM outbox WHERE status IN ('sent', 'dead') AND next_at < ?`, beforeIso);
      n += this.run(
        'DELETE FROM cycles WHERE finished_at < ? AND id NOT IN (SELECT MAX(id) FROM cycles GROUP BY grp)',
        beforeIso,
      );
      n += this.run('DELETE FROM smtp_probes WHERE at < ?', beforeIso);
      return n;
    })();
  }

  stats() {
    return { rowsWritten: this.written };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
