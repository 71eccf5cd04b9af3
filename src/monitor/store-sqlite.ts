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
import {
  type EventDbRow,
  migrate,
  type OutboxDbRow,
  type TargetDbRow,
  toEvent,
  toOutbox,
  toTarget,
} from './store-sqlite-schema.js';

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

  async addTarget(t: StoredTarget): Promise<StoredTarget> {
    this.insertTarget(t);
    return (await this.getTarget(t.target))!;
  }

  private insertTarget(t: StoredTarget): number {
    return this.run(
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

  async updateTarget(
    target: string,
    patch: { group?: string; name?: string | null },
  ): Promise<StoredTarget | null> {
    const before = await this.getTarget(target);
    if (!before) return null;
    this.run(
      'UPDATE targets SET grp = ?, name = ? WHERE target = ?',
      patch.group ?? before.group,
      patch.name === undefined ? before.name : patch.name,
      target,
    );
    return this.getTarget(target);
  }

  async syncConfigTargets(wanted: StoredTarget[]): Promise<ConfigSyncResult> {
    return this.db.transaction(() => {
      const result: ConfigSyncResult = { added: [], updated: [], removed: [] };
      const stored = new Map(
        (this.prepare('SELECT * FROM targets').all() as TargetDbRow[]).map((r) => [r.target, toTarget(r)]),
      );
      for (const w of wanted) {
        const t = stored.get(w.target);
        if (!t) {
          this.insertTarget({ ...w, source: 'config' });
          result.added.push(w.target);
        } else if (t.group !== w.group || t.name !== w.name || t.source !== 'config') {
          this.run(
            `UPDATE targets SET grp = ?, name = ?, source = 'config' WHERE target = ?`,
            w.group,
            w.name,
            w.target,
          );
          result.updated.push(w.target);
        }
      }
      const keep = new Set(wanted.map((w) => w.target));
      for (const t of stored.values()) {
        if (t.source === 'config' && !keep.has(t.target) && this.removeSync(t.target)) {
          result.removed.push(t.target);
        }
      }
      return result;
    })();
  }

  async removeTarget(target: string): Promise<boolean> {
    return this.db.transaction(() => this.removeSync(target))();
  }

  /** State rows, records and probes go with the target; events (history) stay. */
  private removeSync(target: string): boolean {
    this.run('DELETE FROM current_state WHERE target = ?', target);
    this.run('DELETE FROM records WHERE target = ?', target);
    this.run('DELETE FROM smtp_probes WHERE target = ?', target);
    return this.run('DELETE FROM targets WHERE target = ?', target) > 0;
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
    this.db.transaction(() => this.applySync(batch))();
  }

  private applySync(batch: ChangeBatch): void {
    for (const s of batch.upserts) {
      this.run(
        `INSERT INTO current_state (target, zone, name, status, codes, txt, since, reason)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target, zone, name) DO UPDATE SET
         status = excluded.status, codes = excluded.codes, txt = excluded.txt,
         since = excluded.since, reason = excluded.reason`,
        s.target,
        s.zone,
        s.name,
        s.status,
        JSON.stringify(s.codes),
        s.txt,
        s.since,
        s.reason,
      );
    }
    for (const d of batch.deletes) {
      this.run(
        'DELETE FROM current_state WHERE target = ? AND zone = ? AND name = ?',
        d.target,
        d.zone,
        d.name,
      );
    }
    for (const e of batch.events) {
      this.insertEvent(e);
      if (!e.damped) this.queue(e, batch.channels, batch.hold ? 'held' : 'pending');
    }
    for (const f of batch.firstScans) {
      this.run(
        'UPDATE targets SET first_scan_at = ? WHERE target = ? AND first_scan_at IS NULL',
        f.at,
        f.target,
      );
    }
    for (const r of batch.records) {
      this.run(
        `INSERT INTO records (target, kind, value, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (target, kind) DO UPDATE SET value = excluded.value, seen_at = excluded.seen_at`,
        r.target,
        r.kind,
        r.value,
        r.at,
      );
    }
    for (const p of batch.probes ?? []) {
      this.run(
        `INSERT INTO smtp_probes (target, host, at, verdict) VALUES (?, ?, ?, ?)
         ON CONFLICT (target, host) DO UPDATE SET at = excluded.at, verdict = excluded.verdict`,
        p.target,
        p.host,
        p.at,
        p.verdict,
      );
    }
  }

  private insertEvent(e: StoredEvent): void {
    this.run(
      `INSERT OR IGNORE INTO events (key, target, zone, name, event, at, codes, txt, detail, damped)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      e.key,
      e.target,
      e.zone,
      e.name,
      e.event,
      e.at,
      JSON.stringify(e.codes),
      e.txt,
      JSON.stringify(e.detail),
      e.damped ? 1 : 0,
    );
  }

  private queue(e: StoredEvent, channels: string[], status: 'pending' | 'held'): void {
    for (const channel of channels) {
      this.run(
        `INSERT OR IGNORE INTO outbox (key, event_key, channel, next_at, status, detail)
         VALUES (?, ?, ?, ?, ?, ?)`,
        `${e.key}|${channel}`,
        e.key,
        channel,
        e.at,
        status,
        JSON.stringify(e.detail),
      );
    }
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
      this.insertEvent(digest);
      this.queue(digest, channels, 'pending');
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
