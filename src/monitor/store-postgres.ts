/**
 * The PostgreSQL store (pg 8): the Store of store-sqlite.ts on a database that several `serve`
 * processes may share. Same rules: state CHANGES only, one transaction per batch (a cycle's
 * changes, its events and their outbox rows commit together or not at all, so `kill -9` loses or
 * repeats nothing), outbox rows unique per event x channel.
 *
 * Shared by several processes, two more rules hold:
 * - Delivery has one leader: dueOutbox and heldOutbox answer only in the process that holds a
 *   session advisory lock (taken on a connection of its own, kept while the store is open). The
 *   others get no rows, so no alert is sent twice by two processes. When the leader dies, even by
 *   `kill -9`, PostgreSQL ends its session and frees the lock; the next process to look takes it.
 * - A config sync and a digest release are serialised (advisory transaction lock; a digest
 *   releases only rows still held), so two processes starting together do not double them.
 */
import pg from 'pg';
import { MxError } from '../core/errors.js';
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
const DELIVERY_LOCK = 0x6d78_6401;
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

/** Keeps the last row of each key (one statement may not upsert a row twice). */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}

class PostgresStore implements Store {
  private written = 0;
  private leader: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: pg.ClientConfig,
    private readonly log: (line: string) => void,
  ) {}

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
      const result: ConfigSyncResult = { added: [], updated: [], removed: [] };
      const stored = new Map(
        (await db.query<TargetDbRow>('SELECT * FROM targets')).rows.map((r) => [r.target, toTarget(r)]),
      );
      for (const w of wanted) {
        const t = stored.get(w.target);
        if (!t) {
          await this.insertTarget(db, { ...w, source: 'config' });
          result.added.push(w.target);
        } else if (t.group !== w.group || t.name !== w.name || t.source !== 'config') {
          await this.run(db, `UPDATE targets SET grp = $1, name = $2, source = 'config' WHERE target = $3`, [
            w.group,
            w.name,
            w.target,
          ]);
          result.updated.push(w.target);
        }
      }
      const keep = new Set(wanted.map((w) => w.target));
      for (const t of stored.values()) {
        if (t.source === 'config' && !keep.has(t.target) && (await this.removeIn(db, t.target)))
          result.removed.push(t.target);
      }
      return result;
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

  /**
   * Whether this process delivers alerts: it holds the delivery lock on a connection of its own.
   * A failed connection is retried on the next call (the delivery loop polls).
   */
  private async isDeliveryLeader(): Promise<boolean> {
    if (this.closed) return false;
    if (this.leader) return true;
    const client = new pg.Client(this.config);
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        DELIVERY_LOCK,
      ]);
      if (!rows[0]?.ok || this.closed) {
        await client.end();
        return false;
      }
    } catch (error) {
      this.log(`PostgreSQL: delivery lock: ${(error as Error).message}`);
      await client.end().catch(() => {});
      return false;
    }
    client.on('error', (error) => {
      this.log(`PostgreSQL: the delivery lock's connection was lost: ${error.message}`);
      if (this.leader === client) this.leader = null;
    });
    client.on('end', () => {
      if (this.leader === client) this.leader = null;
    });
    this.leader = client;
    return true;
  }

  async dueOutbox(nowIso: string, limit: number): Promise<OutboxRow[]> {
    if (!(await this.isDeliveryLeader())) return [];
    const rows = await this.rows<OutboxDbRow>(
      `SELECT * FROM outbox WHERE status = 'pending' AND next_at <= $1 ORDER BY id LIMIT $2`,
      [nowIso, limit],
    );
    return rows.map(toOutbox);
  }

  async heldOutbox(): Promise<OutboxRow[]> {
    if (!(await this.isDeliveryLeader())) return [];
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
    const leader = this.leader;
    this.leader = null;
    await leader?.end().catch(() => {});
    await this.pool.end();
  }
}

class DigestTaken extends Error {}

type Run = (sql: string, params: unknown[]) => Promise<number>;

/**
 * A batch as one statement per table (arrays unnested server-side): a first scan of 10,000
 * targets is a handful of round trips, not 40,000.
 */
async function applyBatch(batch: ChangeBatch, run: Run): Promise<void> {
  const upserts = lastByKey(batch.upserts, (s) => `${s.target}\0${s.zone}\0${s.name}`);
  if (upserts.length > 0)
    await run(
      `INSERT INTO current_state (target, zone, name, status, codes, txt, since, reason)
       SELECT t, z, n, s, ARRAY(SELECT jsonb_array_elements_text(c::jsonb)), x, si, r
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::timestamptz[], $8::text[]) AS u(t, z, n, s, c, x, si, r)
       ON CONFLICT (target, zone, name) DO UPDATE SET status = excluded.status, codes = excluded.codes,
         txt = excluded.txt, since = excluded.since, reason = excluded.reason`,
      [
        upserts.map((s) => s.target),
        upserts.map((s) => s.zone),
        upserts.map((s) => s.name),
        upserts.map((s) => s.status),
        upserts.map((s) => JSON.stringify(s.codes)),
        upserts.map((s) => s.txt),
        upserts.map((s) => s.since),
        upserts.map((s) => s.reason),
      ],
    );
  if (batch.deletes.length > 0)
    await run(
      `DELETE FROM current_state s USING unnest($1::text[], $2::text[], $3::text[]) AS d(t, z, n)
       WHERE s.target = d.t AND s.zone = d.z AND s.name = d.n`,
      [
        batch.deletes.map((d) => d.target),
        batch.deletes.map((d) => d.zone),
        batch.deletes.map((d) => d.name),
      ],
    );
  await insertEvents(batch, run);
  const scans = [...new Map([...batch.firstScans].reverse().map((f) => [f.target, f])).values()];
  if (scans.length > 0)
    await run(
      `UPDATE targets SET first_scan_at = f.a FROM unnest($1::text[], $2::timestamptz[]) AS f(t, a)
       WHERE targets.target = f.t AND targets.first_scan_at IS NULL`,
      [scans.map((f) => f.target), scans.map((f) => f.at)],
    );
  const records = lastByKey(batch.records, (r) => `${r.target}\0${r.kind}`);
  if (records.length > 0)
    await run(
      `INSERT INTO records (target, kind, value, seen_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       ON CONFLICT (target, kind) DO UPDATE SET value = excluded.value, seen_at = excluded.seen_at`,
      [
        records.map((r) => r.target),
        records.map((r) => r.kind),
        records.map((r) => r.value),
        records.map((r) => r.at),
      ],
    );
  const probes = lastByKey(batch.probes ?? [], (p) => `${p.target}\0${p.host}`);
  if (probes.length > 0)
    await run(
      `INSERT INTO smtp_probes (target, host, at, verdict)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[])
       ON CONFLICT (target, host) DO UPDATE SET at = excluded.at, verdict = excluded.verdict`,
      [
        probes.map((p) => p.target),
        probes.map((p) => p.host),
        probes.map((p) => p.at),
        probes.map((p) => p.verdict),
      ],
    );
}

/** Events (idempotent by key) and, for those not damped, one outbox row per channel (idempotent too). */
async function insertEvents(batch: ChangeBatch, run: Run): Promise<void> {
  const events = batch.events;
  if (events.length === 0) return;
  await run(
    `INSERT INTO events (key, target, zone, name, event, at, codes, txt, detail, damped)
     SELECT k, t, z, n, e, a, ARRAY(SELECT jsonb_array_elements_text(c::jsonb)), x, d::jsonb, dm
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
       $7::text[], $8::text[], $9::text[], $10::boolean[]) WITH ORDINALITY AS u(k, t, z, n, e, a, c, x, d, dm, i)
     ORDER BY i ON CONFLICT (key) DO NOTHING`,
    [
      events.map((e) => e.key),
      events.map((e) => e.target),
      events.map((e) => e.zone),
      events.map((e) => e.name),
      events.map((e) => e.event),
      events.map((e) => e.at),
      events.map((e) => JSON.stringify(e.codes)),
      events.map((e) => e.txt),
      events.map((e) => JSON.stringify(e.detail)),
      events.map((e) => e.damped),
    ],
  );
  const rows = events
    .filter((e) => !e.damped)
    .flatMap((e) => batch.channels.map((channel) => ({ e, channel })));
  if (rows.length === 0) return;
  await run(
    `INSERT INTO outbox (key, event_key, channel, next_at, status, detail)
     SELECT k, ek, ch, a, st, d::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
       WITH ORDINALITY AS u(k, ek, ch, a, st, d, i)
     ORDER BY i ON CONFLICT (key) DO NOTHING`,
    [
      rows.map((r) => `${r.e.key}|${r.channel}`),
      rows.map((r) => r.e.key),
      rows.map((r) => r.channel),
      rows.map((r) => r.e.at),
      rows.map(() => (batch.hold ? 'held' : 'pending')),
      rows.map((r) => JSON.stringify(r.e.detail)),
    ],
  );
}
