/**
 * The PostgreSQL store's schema (migrations) and row mappers. The tables are those of the SQLite
 * store (store-sqlite-schema.ts) in PostgreSQL's own types: times as timestamptz, codes as
 * text[], alert bodies as jsonb, an identity column where SQLite had its rowid.
 */
import type pg from 'pg';
import type { OutboxRow, SmtpProbeRow, StateRow, StoredEvent, StoredTarget } from './ports.js';

/**
 * Each step runs once, in order, recorded in `mxdoctor_migrations` (never edit a shipped step:
 * add one). Several processes may start on one database at once: migrate() holds an advisory
 * lock, so one migrates and the others find it done.
 */
const MIGRATIONS: string[] = [
  `CREATE TABLE targets (target text PRIMARY KEY, grp text NOT NULL, kind text NOT NULL,
     added_at timestamptz NOT NULL, first_scan_at timestamptz, name text,
     source text NOT NULL DEFAULT 'api');
   CREATE TABLE current_state (target text NOT NULL, zone text NOT NULL, name text NOT NULL,
     status text NOT NULL, codes text[] NOT NULL, txt text, since timestamptz NOT NULL, reason text,
     PRIMARY KEY (target, zone, name));
   CREATE TABLE events (seq bigint GENERATED ALWAYS AS IDENTITY, key text PRIMARY KEY,
     target text NOT NULL, zone text NOT NULL, name text NOT NULL, event text NOT NULL,
     at timestamptz NOT NULL, codes text[] NOT NULL, txt text, detail jsonb NOT NULL,
     damped boolean NOT NULL);
   CREATE INDEX events_target_at ON events (target, at);
   CREATE INDEX events_at ON events (at);
   CREATE TABLE outbox (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, key text NOT NULL UNIQUE,
     event_key text NOT NULL, channel text NOT NULL, attempts integer NOT NULL DEFAULT 0,
     next_at timestamptz NOT NULL, status text NOT NULL, last_error text, detail jsonb NOT NULL);
   CREATE INDEX outbox_due ON outbox (status, next_at);
   CREATE TABLE cycles (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, grp text NOT NULL,
     started_at timestamptz NOT NULL, finished_at timestamptz);
   CREATE INDEX cycles_grp ON cycles (grp, id);
   CREATE TABLE records (target text NOT NULL, kind text NOT NULL, value text NOT NULL,
     seen_at timestamptz NOT NULL, PRIMARY KEY (target, kind));
   CREATE TABLE smtp_probes (target text NOT NULL, host text NOT NULL, at timestamptz NOT NULL,
     verdict text, PRIMARY KEY (target, host));`,
];

/** Any fixed number: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 0x6d78_6d31;

export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS mxdoctor_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM mxdoctor_migrations',
    );
    for (let v = rows[0]?.v ?? 0; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v]!);
      await client.query('INSERT INTO mxdoctor_migrations (version, applied_at) VALUES ($1, now())', [v + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export interface TargetDbRow {
  target: string;
  grp: string;
  kind: StoredTarget['kind'];
  added_at: Date;
  first_scan_at: Date | null;
  name: string | null;
  source: StoredTarget['source'];
}

export const toTarget = (r: TargetDbRow): StoredTarget => ({
  target: r.target,
  group: r.grp,
  kind: r.kind,
  addedAt: r.added_at.toISOString(),
  firstScanAt: iso(r.first_scan_at),
  name: r.name,
  source: r.source,
});

export interface StateDbRow extends Omit<StateRow, 'since'> {
  since: Date;
}

export const toState = (r: StateDbRow): StateRow => ({
  target: r.target,
  zone: r.zone,
  name: r.name,
  status: r.status,
  codes: r.codes,
  txt: r.txt,
  since: r.since.toISOString(),
  reason: r.reason,
});

export interface EventDbRow extends Omit<StoredEvent, 'at'> {
  at: Date;
}

export const toEvent = (r: EventDbRow): StoredEvent => ({
  key: r.key,
  target: r.target,
  zone: r.zone,
  name: r.name,
  event: r.event,
  at: r.at.toISOString(),
  codes: r.codes,
  txt: r.txt,
  detail: r.detail,
  damped: r.damped,
});

export interface OutboxDbRow {
  id: string;
  key: string;
  event_key: string;
  channel: string;
  attempts: number;
  next_at: Date;
  status: OutboxRow['status'];
  last_error: string | null;
  detail: OutboxRow['detail'];
}

export const toOutbox = (r: OutboxDbRow): OutboxRow => ({
  id: Number(r.id),
  key: r.key,
  eventKey: r.event_key,
  channel: r.channel,
  attempts: r.attempts,
  nextAt: r.next_at.toISOString(),
  status: r.status,
  lastError: r.last_error,
  detail: r.detail,
});

export const toProbe = (r: Omit<SmtpProbeRow, 'at'> & { at: Date }): SmtpProbeRow => ({
  target: r.target,
  host: r.host,
  at: r.at.toISOString(),
  verdict: r.verdict,
});
