/**
 * The PostgreSQL store (pg 8): the Store of store-sqlite.ts on a database that several `serve`
 * processes may share. Same rules: state CHANGES only, one transaction per batch (a cycle's
 * changes, its events and their outbox rows commit together or not at all, so `kill -9` loses or
 * repeats nothing), outbox rows unique per event x channel.
 *
 * Shared by several processes, two more rules hold:
 * - Delivery has one leader (store-postgres-leader.ts): dueOutbox and heldOutbox answer only in
 *   the process that holds a session advisory lock, so no alert is sent twice by two processes;
 *   when the leader dies, even by `kill -9`, the lock goes with its session.
 * - A config sync is serialised (advisory transaction lock), so two processes starting together
 *   do not both add the file's targets; a digest releases only rows still held.
 */
import pg from 'pg';
import { MxError } from '../core/errors.js';
import { planConfigSync } from './config-sync.js';
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
import { applyBatch } from './store-postgres-batch.js';
import { DeliveryLeader } from './store-postgres-leader.js';
import {
  type EventDbRow,
  migrate,
  type OutboxDbRow,
  type StateDbRow,
  type TargetDbRow,
  toEvent,
  toOutbox,
  toProbe,
  toState,
  toTarget,
} from './store-postgres-schema.js';
import { checkPostgresUrl, redactPostgresUrl } from './store-postgres-url.js';

/** Lock numbers (any fixed values, per database). */
const SYNC_LOCK = 0x6d78_7301;
/** A database that does not answer within this is reported, not waited on for ever. */
export const CONNECT_TIMEOUT_MS = 10_000;
/** Connections per process: a cycle's transaction, the API's reads, the delivery loop. */
export const POOL_SIZE = 5;

export interface PostgresStoreOptions {
  /** Pool errors (a dropped connection); never holds the password. */
  log?: (line: string) => void;
  connectTimeoutMs?: number;
}

/**
 * Connects, brings the schema up to date and returns the store. A database that cannot be
 * reached, or refuses the login, throws MxError('io') naming it without the password.
 *
 * @example
 * const store = await openPostgresStore('postgres://mxdoctor@127.0.0.1:5432/mxdoctor');
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  checkPostgresUrl(url);
  const config = {
    connectionString: url,
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
  };
  const pool = new pg.Pool({ ...config, max: POOL_SIZE });
  const log = options.log ?? (() => {});
  // An idle connection dropped by the server must not crash the process: the next query reconnects.
  pool.on('error', (error) => log(`PostgreSQL connection lost: ${error.message}`));
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new MxError('io', `PostgreSQL ${redactPostgresUrl(url)}: ${connectReason(error)}`, {
      cause: error,
    });
  }
  try {
    await migrate(client);
  } catch (error) {
    client.release();
    await pool.end().catch(() => {});
    throw new MxError(
      'io',
      `PostgreSQL ${redactPostgresUrl(url)}: migration failed: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  client.release();
  return new PostgresStore(pool, config, log);
}

function connectReason(error: unknown): string {
  const e = error as NodeJS.ErrnoException & { message: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused (is the server running and listening there?)';
  if (e.code === 'ENOTFOUND') return 'unknown host';
  if (/timeout/i.test(e.message)) return 'no answer (connection timed out)';
  return e.message;
}

type Db = pg.Pool | pg.PoolClient;

class PostgresStore implements Store {
  private written = 0;
  private readonly leader: DeliveryLeader;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    config: pg.ClientConfig,
    log: (line: string) => void,
  ) {
    this.leader = new DeliveryLeader(config, log);
  }

  private async run(db: Db, sql: string, params: unknown[] = []): Promise<number> {
    const n = (await db.query(sql, params)).rowCount ?? 0;
    this.written += n;
    return n;
  }

  private async rows<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query<T>(sql, params)).rows;
  }

  private async transaction<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async addTarget(t: StoredTarget): Promise<StoredTarget> {
    await this.insertTarget(this.pool, t);
    return (await this.getTarget(t.target))!;
  }

  private insertTarget(db: Db, t: StoredTarget): Promise<number> {
    return this.run(
      db,
      `INSERT INTO targets (target, grp, kind, added_at, first_scan_at, name, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (target) DO NOTHING`,
      [t.target, t.group, t.kind, t.addedAt, t.firstScanAt, t.name, t.source],
    );
  }

  async updateTarget(
    target: string,
    patch: { group?: string; name?: string | null },
  ): Promise<StoredTarget | null> {
    const rows = await this.rows<TargetDbRow>(
      `UPDATE targets SET grp = COALESCE($2, grp), name = CASE WHEN $3 THEN $4 ELSE name END
       WHERE target = $1 RETURNING *`,
      [target, patch.group ?? null, patch.name !== undefined, patch.name ?? null],
    );
    this.written += rows.length;
    return rows[0] ? toTarget(rows[0]) : null;
  }

  async syncConfigTargets(wanted: StoredTarget[]): Promise<ConfigSyncResult> {
    return this.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [SYNC_LOCK]);
      const stored = (await db.query<TargetDbRow>('SELECT * FROM targets')).rows.map(toTarget);
      const plan = planConfigSync(stored, wanted);
      for (const w of plan.add) await this.insertTarget(db, { ...w, source: 'config' });
      for (const w of plan.update)
        await this.run(db, `UPDATE targets SET grp = $1, name = $2, source = 'config' WHERE target = $3`, [
          w.group,
          w.name,
          w.target,
        ]);
      const removed: string[] = [];
      for (const target of plan.remove) if (await this.removeIn(db, target)) removed.push(target);
      return { added: plan.add.map((w) => w.target), updated: plan.update.map((w) => w.target), removed };
    });
  }

  async removeTarget(target: string): Promise<boolean> {
    return this.transaction((db) => this.removeIn(db, target));
  }

  /** State rows, records and probes go with the target; events (history) stay. */
  private async removeIn(db: Db, target: string): Promise<boolean> {
    await this.run(db, 'DELETE FROM current_state WHERE target = $1', [target]);
    await this.run(db, 'DELETE FROM records WHERE target = $1', [target]);
    await this.run(db, 'DELETE FROM smtp_probes WHERE target = $1', [target]);
    return (await this.run(db, 'DELETE FROM targets WHERE target = $1', [target])) > 0;
  }

  async listTargets(): Promise<StoredTarget[]> {
    return (await this.rows<TargetDbRow>('SELECT * FROM targets ORDER BY added_at, target')).map(toTarget);
  }

  async getTarget(target: string): Promise<StoredTarget | null> {
    const [row] = await this.rows<TargetDbRow>('SELECT * FROM targets WHERE target = $1', [target]);
    return row ? toTarget(row) : null;
  }

  async listStates(target?: string): Promise<StateRow[]> {
    const rows =
      target === undefined
        ? await this.rows<StateDbRow>('SELECT * FROM current_state')
        : await this.rows<StateDbRow>('SELECT * FROM current_state WHERE target = $1', [target]);
    return rows.map(toState);
  }

  async apply(batch: ChangeBatch): Promise<void> {
    await this.transaction((db) => applyBatch(batch, (sql, params) => this.run(db, sql, params)));
  }

  async history(target: string, limit: number): Promise<StoredEvent[]> {
    const rows = await this.rows<EventDbRow>(
      `SELECT * FROM events WHERE target = $1 AND event IN ('listed', 'delisted')
         ORDER BY at DESC, seq DESC LIMIT $2`,
      [target, limit],
    );
    return rows.map(toEvent);
  }

  async recentEvents(limit: number): Promise<StoredEvent[]> {
    const rows = await this.rows<EventDbRow>(
      `SELECT * FROM events WHERE event IN ('listed', 'delisted') ORDER BY at DESC, seq DESC LIMIT $1`,
      [limit],
    );
    return rows.map(toEvent);
  }

  async countTransitions(target: string, zone: string, name: string, sinceIso: string): Promise<number> {
    const [row] = await this.rows<{ n: number }>(
      `SELECT COUNT(*)::int AS n FROM events WHERE target = $1 AND zone = $2 AND name = $3 AND at >= $4
         AND event IN ('listed', 'delisted')`,
      [target, zone, name, sinceIso],
    );
    return row?.n ?? 0;
  }

  async records(target: string): Promise<Map<string, string>> {
    const rows = await this.rows<{ kind: string; value: string }>(
      'SELECT kind, value FROM records WHERE target = $1',
      [target],
    );
    return new Map(rows.map((r) => [r.kind, r.value]));
  }

  async smtpProbes(target: string): Promise<SmtpProbeRow[]> {
    const rows = await this.rows<SmtpProbeRow & { at: Date }>(
      'SELECT target, host, at, verdict FROM smtp_probes WHERE target = $1 ORDER BY host',
      [target],
    );
    return rows.map(toProbe);
  }

  async dueOutbox(nowIso: string, limit: number): Promise<OutboxRow[]> {
    if (!(await this.leader.held())) return [];
    const rows = await this.rows<OutboxDbRow>(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2`,
      [nowIso, limit],
    );
    return rows.map(toOutbox);
  }

  async heldOutbox(): Promise<OutboxRow[]> {
    if (!(await this.leader.held())) return [];
    return (await this.rows<OutboxDbRow>(`SELECT * FROM outbox WHERE status = 'held' ORDER BY id`)).map(
      toOutbox,
    );
  }

  async releaseDigest(heldIds: number[], digest: StoredEvent, channels: string[]): Promise<void> {
    await this.transaction(async (db) => {
      const n = await this.run(
        db,
        `UPDATE outbox SET status = 'sent' WHERE id = ANY($1) AND status = 'held'`,
        [heldIds],
      );
      // Fewer than asked: another process released them first; its digest carries them.
      if (n < heldIds.length) throw new DigestTaken();
      await applyBatch(
        { upserts: [], deletes: [], events: [digest], channels, hold: false, firstScans: [], records: [] },
        (sql, params) => this.run(db, sql, params),
      );
    }).catch((error) => {
      if (!(error instanceof DigestTaken)) throw error;
    });
  }

  async markSent(id: number, atIso: string): Promise<void> {
    await this.run(
      this.pool,
      `UPDATE outbox SET status = 'sent', attempts = attempts + 1, next_at = $1, last_error = NULL WHERE id = $2`,
      [atIso, id],
    );
  }

  async markFailed(id: number, error: string, nextAtIso: string, dead: boolean): Promise<void> {
    await this.run(
      this.pool,
      'UPDATE outbox SET status = $1, attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $4',
      [dead ? 'dead' : 'pending', nextAtIso, error, id],
    );
  }

  async startCycle(group: string, atIso: string): Promise<number> {
    const [row] = await this.rows<{ id: string }>(
      'INSERT INTO cycles (grp, started_at) VALUES ($1, $2) RETURNING id',
      [group, atIso],
    );
    this.written++;
    return Number(row!.id);
  }

  async finishCycle(id: number, atIso: string): Promise<void> {
    await this.run(this.pool, 'UPDATE cycles SET finished_at = $1 WHERE id = $2', [atIso, id]);
  }

  async lastCycles(): Promise<CycleRow[]> {
    const rows = await this.rows<{ id: string; grp: string; started_at: Date; finished_at: Date | null }>(
      'SELECT DISTINCT ON (grp) id, grp, started_at, finished_at FROM cycles ORDER BY grp, id DESC',
    );
    return rows.map((r) => ({
      id: Number(r.id),
      group: r.grp,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
    }));
  }

  async prune(beforeIso: string): Promise<number> {
    return this.transaction(async (db) => {
      let n = await this.run(db, 'DELETE FROM events WHERE at < $1', [beforeIso]);
      n += await this.run(db, `DELETE FROM outbox WHERE status IN ('sent', 'dead') AND next_at < $1`, [
        beforeIso,
      ]);
      n += await this.run(
        db,
        'DELETE FROM cycles WHERE finished_at < $1 AND id NOT IN (SELECT MAX(id) FROM cycles GROUP BY grp)',
        [beforeIso],
      );
      n += await this.run(db, 'DELETE FROM smtp_probes WHERE at < $1', [beforeIso]);
      return n;
    });
  }

  stats() {
    return { rowsWritten: this.written };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.leader.close();
    await this.pool.end();
  }
}

class DigestTaken extends Error {}
