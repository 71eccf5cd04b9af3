/**
 * A ChangeBatch written by the PostgreSQL store: one statement per table, the rows sent as arrays
 * and unnested server-side, inside the caller's transaction.
 */
import type { ChangeBatch } from './ports.js';

export type Run = (sql: string, params: unknown[]) => Promise<number>;

/**
 * A batch as one statement per table (arrays unnested server-side): a first scan of 10,000
 * targets is a handful of round trips, not 40,000.
 */
export async function applyBatch(batch: ChangeBatch, run: Run): Promise<void> {
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
  // A target's earliest entry in the batch is kept, as row by row (only an empty first_scan_at is set).
  const scans = lastByKey([...batch.firstScans].reverse(), (f) => f.target);
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

/** Keeps the last row of each key (one statement may not upsert a row twice). */
function lastByKey<T>(rows: readonly T[], key: (r: T) => string): T[] {
  return [...new Map(rows.map((r) => [key(r), r])).values()];
}
