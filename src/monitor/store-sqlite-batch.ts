/** The SQLite store's batch writes (one cycle's changes) and event/outbox inserts; the caller holds the transaction. */
import type { ChangeBatch, StoredEvent } from './ports.js';
import type { Sql } from './store-sqlite-targets.js';

/** Store.apply without its transaction: state rows, events with their alerts, first scans, records, probes. */
export function writeBatch(sql: Sql, batch: ChangeBatch): void {
  for (const s of batch.upserts) {
    sql.run(
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
    sql.run('DELETE FROM current_state WHERE target = ? AND zone = ? AND name = ?', d.target, d.zone, d.name);
  }
  for (const e of batch.events) {
    insertEvent(sql, e);
    if (!e.damped) queueAlerts(sql, e, batch.channels, batch.hold ? 'held' : 'pending');
  }
  for (const f of batch.firstScans) {
    sql.run(
      'UPDATE targets SET first_scan_at = ? WHERE target = ? AND first_scan_at IS NULL',
      f.at,
      f.target,
    );
  }
  for (const r of batch.records) {
    sql.run(
      `INSERT INTO records (target, kind, value, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (target, kind) DO UPDATE SET value = excluded.value, seen_at = excluded.seen_at`,
      r.target,
      r.kind,
      r.value,
      r.at,
    );
  }
  for (const p of batch.probes ?? []) {
    sql.run(
      `INSERT INTO smtp_probes (target, host, at, verdict) VALUES (?, ?, ?, ?)
       ON CONFLICT (target, host) DO UPDATE SET at = excluded.at, verdict = excluded.verdict`,
      p.target,
      p.host,
      p.at,
      p.verdict,
    );
  }
}

export function insertEvent(sql: Sql, e: StoredEvent): void {
  sql.run(
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

/** One outbox row per channel; the key makes a replayed event queue nothing twice. */
export function queueAlerts(sql: Sql, e: StoredEvent, channels: string[], status: 'pending' | 'held'): void {
  for (const channel of channels) {
    sql.run(
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
