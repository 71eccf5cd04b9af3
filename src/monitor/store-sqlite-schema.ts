/** The SQLite store's schema (migrations) and row mappers. */
import type Database from 'better-sqlite3';
import type { OutboxRow, StoredEvent, StoredTarget } from './ports.js';

/** Each step runs once, in order, recorded in `migrations` (never edit a shipped step: add one). */
const MIGRATIONS: string[] = [
  `CREATE TABLE targets (target TEXT PRIMARY KEY, grp TEXT NOT NULL, kind TEXT NOT NULL,
     added_at TEXT NOT NULL, first_scan_at TEXT);
   CREATE TABLE current_state (target TEXT NOT NULL, zone TEXT NOT NULL, name TEXT NOT NULL,
     status TEXT NOT NULL, codes TEXT NOT NULL, txt TEXT, since TEXT NOT NULL, reason TEXT,
     PRIMARY KEY (target, zone, name)) WITHOUT ROWID;
   CREATE TABLE events (key TEXT PRIMARY KEY, target TEXT NOT NULL, zone TEXT NOT NULL,
     name TEXT NOT NULL, event TEXT NOT NULL, at TEXT NOT NULL, codes TEXT NOT NULL, txt TEXT,
     detail TEXT NOT NULL, damped INTEGER NOT NULL);
   CREATE INDEX events_target_at ON events (target, at);
   CREATE INDEX events_at ON events (at);
   CREATE TABLE outbox (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, event_key TEXT NOT NULL,
     channel TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at TEXT NOT NULL,
     status TEXT NOT NULL, last_error TEXT, detail TEXT NOT NULL);
   CREATE INDEX outbox_due ON outbox (status, next_at);
   CREATE TABLE cycles (id INTEGER PRIMARY KEY, grp TEXT NOT NULL, started_at TEXT NOT NULL,
     finished_at TEXT);
   CREATE INDEX cycles_grp ON cycles (grp, id);
   CREATE TABLE records (target TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
     seen_at TEXT NOT NULL, PRIMARY KEY (target, kind)) WITHOUT ROWID;`,
  // 2: named targets, where a target came from, the daily SMTP probe's last run per MX. Targets
  // stored before this step are 'api': a config sync adopts those still in the file and never
  // removes one that may have come from the API.
  `ALTER TABLE targets ADD COLUMN name TEXT;
   ALTER TABLE targets ADD COLUMN source TEXT NOT NULL DEFAULT 'api';
   CREATE TABLE smtp_probes (target TEXT NOT NULL, host TEXT NOT NULL, at TEXT NOT NULL,
     verdict TEXT, PRIMARY KEY (target, host)) WITHOUT ROWID;`,
];

export interface EventDbRow {
  key: string;
  target: string;
  zone: string;
  name: string;
  event: StoredEvent['event'];
  at: string;
  codes: string;
  txt: string | null;
  detail: string;
  damped: number;
}

export interface OutboxDbRow {
  id: number;
  key: string;
  event_key: string;
  channel: string;
  attempts: number;
  next_at: string;
  status: OutboxRow['status'];
  last_error: string | null;
  detail: string;
}

export function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(
        v + 1,
        new Date().toISOString(),
      );
    })();
  }
}

export const toEvent = (r: EventDbRow): StoredEvent => ({
  key: r.key,
  target: r.target,
  zone: r.zone,
  name: r.name,
  event: r.event,
  at: r.at,
  codes: JSON.parse(r.codes) as string[],
  txt: r.txt,
  detail: JSON.parse(r.detail) as StoredEvent['detail'],
  damped: r.damped === 1,
});

export const toOutbox = (r: OutboxDbRow): OutboxRow => ({
  id: r.id,
  key: r.key,
  eventKey: r.event_key,
  channel: r.channel,
  attempts: r.attempts,
  nextAt: r.next_at,
  status: r.status,
  lastError: r.last_error,
  detail: JSON.parse(r.detail) as OutboxRow['detail'],
});

export interface TargetDbRow {
  target: string;
  grp: string;
  kind: StoredTarget['kind'];
  added_at: string;
  first_scan_at: string | null;
  name: string | null;
  source: StoredTarget['source'];
}

export function toTarget(r: TargetDbRow): StoredTarget {
  return {
    target: r.target,
    group: r.grp,
    kind: r.kind,
    addedAt: r.added_at,
    firstScanAt: r.first_scan_at,
    name: r.name,
    source: r.source,
  };
}
