/**
 * The ports of the monitor core: the store, the clock, the HTTP poster and the mail sender are
 * passed in (createMonitor fills in the real ones), so the core runs against in-memory fakes in
 * unit tests and against SQLite, real sockets and SMTP at the edge.
 */
/** What a watched target is: one address, a range, or a domain (its MX and SPF addresses). */
export type TargetKind = 'ip' | 'cidr' | 'domain';

/** Where a target came from: a config sync removes `config` targets that left the file, never `api` ones. */
export type TargetSource = 'config' | 'api';

export interface StoredTarget {
  target: string;
  group: string;
  kind: TargetKind;
  addedAt: string;
  /** Set when the first scan of this target has been recorded (it reports once, then changes only). */
  firstScanAt: string | null;
  /** Display name ("mail-out-1"); a named target gets its own /metrics series. */
  name: string | null;
  source: TargetSource;
}

/** What a config sync changed (target names, canonical spelling). */
export interface ConfigSyncResult {
  added: string[];
  /** Group or name changed, or an API target adopted by the file. */
  updated: string[];
  /** Config targets that left the file: no longer watched, their history kept. */
  removed: string[];
}

/** The last SMTP probe of one MX of a watched domain (the daily watch survives a restart). */
export interface SmtpProbeRow {
  /** The watched domain. */
  target: string;
  /** The MX host probed. */
  host: string;
  at: string;
  /** The probe's verdict (smtpSummary), or null when it reached none. */
  verdict: string | null;
}

/** A target x zone x query name that is not clean: listed, or unknown for a reason. */
export interface StateRow {
  target: string;
  zone: string;
  /** The query name (one per address of a range or domain). */
  name: string;
  status: 'listed' | 'unknown';
  codes: string[];
  txt: string | null;
  /** Listed: when first confirmed; unknown: when first unknown. */
  since: string;
  /** Unknown: the reason (timeout, refused...). */
  reason: string | null;
}

export type EventKind =
  | 'listed'
  | 'delisted'
  | 'first-scan'
  | 'record-changed'
  /** The daily SMTP probe's verdict on an MX changed (open relay, unknown recipients). */
  | 'smtp-changed'
  | 'test'
  | 'digest';

export interface StoredEvent {
  /** The idempotency key: one per event, carried by every alert sent for it. */
  key: string;
  target: string;
  zone: string;
  name: string;
  event: EventKind;
  at: string;
  codes: string[];
  txt: string | null;
  /** The alert body (the same JSON for every channel; each channel formats it). */
  detail: AlertDetail;
  /** Flapping: recorded in history, not alerted. */
  damped: boolean;
}

export interface AlertDetail {
  kind: EventKind;
  target: string;
  group: string;
  zone: string;
  listName: string | null;
  address: string | null;
  codes: string[];
  meaning: string | null;
  txt: string | null;
  delist: string | null;
  policy: string | null;
  /** Free text for first-scan summaries, record drift and digests. */
  summary: string;
  /**
   * The target's display name, filled in from the store when the alert is sent (so it is the
   * current name); absent in stored rows.
   */
  targetName?: string | null;
}

export interface OutboxRow {
  id: number;
  /** `${eventKey}|${channel}`: unique, so a replayed cycle cannot queue an alert twice. */
  key: string;
  eventKey: string;
  channel: string;
  attempts: number;
  nextAt: string;
  status: 'pending' | 'held' | 'sent' | 'dead';
  lastError: string | null;
  detail: AlertDetail;
}

export interface CycleRow {
  id: number;
  group: string;
  startedAt: string;
  finishedAt: string | null;
}

/** Everything one cycle (or one target's first scan) changes, written in one transaction. */
export interface ChangeBatch {
  upserts: StateRow[];
  deletes: { target: string; zone: string; name: string }[];
  events: StoredEvent[];
  /** Channels each alerted (non-damped) event goes to. */
  channels: string[];
  /** Hold alerts for the digest instead of sending them now. */
  hold: boolean;
  firstScans: { target: string; at: string }[];
  records: { target: string; kind: string; value: string; at: string }[];
  /** SMTP probes made this cycle, upserted by target x host. */
  probes?: SmtpProbeRow[];
}

export interface StoreStats {
  /** Rows inserted, updated or deleted since open: the benchmark's "rows written per cycle". */
  rowsWritten: number;
}

/**
 * The monitor's store. Async so that a PostgreSQL implementation fits; every implementation
 * passes src/monitor/store.conformance.ts.
 */
export interface Store {
  /** Inserts the target unless it is there; returns the stored one (an existing one unchanged). */
  addTarget(target: StoredTarget): Promise<StoredTarget>;
  /** Changes a stored target's group and/or name; null when it is not there. */
  updateTarget(target: string, patch: { group?: string; name?: string | null }): Promise<StoredTarget | null>;
  /**
   * The config file's targets as a whole, in one transaction: missing ones inserted (source
   * `config`); stored ones whose group or name differ, or that came from the API, updated (and
   * become `config`); `config` targets not in `wanted` removed as by removeTarget. `api` targets
   * not in the file stay. addedAt and firstScanAt of existing targets are kept.
   */
  syncConfigTargets(wanted: StoredTarget[]): Promise<ConfigSyncResult>;
  /** Deletes the target, its state rows, records and SMTP probes; its events (history) stay. */
  removeTarget(target: string): Promise<boolean>;
  listTargets(): Promise<StoredTarget[]>;
  getTarget(target: string): Promise<StoredTarget | null>;
  /** Not-clean state rows, of one target or all. */
  listStates(target?: string): Promise<StateRow[]>;
  apply(batch: ChangeBatch): Promise<void>;
  /** Listed/delisted events, newest first. */
  history(target: string, limit: number): Promise<StoredEvent[]>;
  recentEvents(limit: number): Promise<StoredEvent[]>;
  /** Listed/delisted events of one target x zone x name since a time (flap damping). */
  countTransitions(target: string, zone: string, name: string, sinceIso: string): Promise<number>;
  records(target: string): Promise<Map<string, string>>;
  /** The last probe of each MX of a domain. */
  smtpProbes(target: string): Promise<SmtpProbeRow[]>;
  dueOutbox(nowIso: string, limit: number): Promise<OutboxRow[]>;
  heldOutbox(): Promise<OutboxRow[]>;
  /** Replaces held rows by one digest event and its outbox rows (one transaction). */
  releaseDigest(heldIds: number[], digest: StoredEvent, channels: string[]): Promise<void>;
  markSent(id: number, atIso: string): Promise<void>;
  markFailed(id: number, error: string, nextAtIso: string, dead: boolean): Promise<void>;
  startCycle(group: string, atIso: string): Promise<number>;
  finishCycle(id: number, atIso: string): Promise<void>;
  /** The latest cycle of each group (finished or not). */
  lastCycles(): Promise<CycleRow[]>;
  /** Deletes events, sent/dead outbox rows and SMTP probes older than the time; returns rows deleted. */
  prune(beforeIso: string): Promise<number>;
  stats(): StoreStats;
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
  setTimeout(fn: () => void, ms: number): { cancel(): void };
}

export interface HttpResponse {
  status: number;
}

/** POSTs a JSON body (webhooks, Slack, Teams). Throws or returns a status; never logs the URL. */
export type HttpPoster = (
  url: string,
  body: string,
  headers: Record<string, string>,
) => Promise<HttpResponse>;

export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export type MailSender = (
  smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string },
  message: MailMessage,
) => Promise<void>;

export const systemClock: Clock = {
  now: () => new Date(),
  setTimeout(fn, ms) {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return { cancel: () => clearTimeout(timer) };
  },
};
