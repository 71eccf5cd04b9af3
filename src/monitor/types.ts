/**
 * The contract between the monitor core (src/monitor) and its HTTP face (src/http, src/cli/serve.ts).
 * Additions are fine; renames are not (the API and dashboard code against these names).
 */
import type { Registry } from 'prom-client';
import type { CatalogEntry } from '../check/index.js';
import type { Resolver } from '../dns/index.js';
import type { Clock, ConfigSyncResult, HttpPoster, MailSender, Store, TargetKind } from './ports.js';

export type { ConfigSyncResult, TargetKind } from './ports.js';

import type { CheckWorkerOptions } from './check-client.js';
import type { CycleQueue } from './cycle-queue.js';
import type { SmtpProber } from './smtp-watch.js';

/** Honest per-target state: `unknown` (a zone could not answer) never raises a listing alert. */
export type TargetState = 'listed' | 'clean' | 'unknown';

export interface Listing {
  zone: string;
  /** The list's display name from the catalog, e.g. "Spamhaus ZEN". */
  name: string;
  /** The address (of a range or a domain's MX/SPF) or domain that is listed. */
  address: string;
  /** ISO time the listing was first confirmed. */
  since: string;
  codes: string[];
  txt: string | null;
  meaning: string | null;
  delist: string | null;
  policy: string | null;
}

export interface UnknownZone {
  zone: string;
  /** refused | rate-limited | timeout | dead zone | nxdomain rewriting | servfail | ... */
  reason: string;
}

export interface TargetView {
  target: string;
  /** Display name, or null; a named target has its own /metrics series. */
  name: string | null;
  group: string;
  kind: TargetKind;
  state: TargetState;
  listings: Listing[];
  unknown: UnknownZone[];
  checkedAt: string | null;
  addedAt: string;
}

export interface HistoryEvent {
  target: string;
  zone: string;
  event: 'listed' | 'delisted';
  at: string;
  codes: string[];
  txt: string | null;
}

export interface CycleStatus {
  running: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  cycles: number;
  unhealthyZones: { zone: string; reason: string }[];
}

export interface BudgetView {
  zone: string;
  queriesPerDay: number;
  limitPerDay: number | null;
  advice: string | null;
}

export interface AlertOutcome {
  channel: string;
  ok: boolean;
  error: string | null;
}

/** Created by `createMonitor(options)` in src/monitor/index.ts. */
export interface Monitor {
  listTargets(): Promise<TargetView[]>;
  getTarget(target: string): Promise<TargetView | null>;
  /**
   * Throws MxError('usage') on a bad target, group or name. A target already watched moves to
   * the group given and takes the name given (either left out: unchanged).
   */
  addTarget(input: { target: string; group?: string; name?: string }): Promise<TargetView>;
  removeTarget(target: string): Promise<boolean>;
  history(target: string, limit?: number): Promise<HistoryEvent[]>;
  recentChanges(limit: number): Promise<HistoryEvent[]>;
  /** One cycle now; never overlaps a running one (returns the running one). */
  runCycle(): Promise<void>;
  status(): CycleStatus;
  budgets(): BudgetView[];
  sendTestAlert(): Promise<AlertOutcome[]>;
  /**
   * Applies a re-read config file's watch list (SIGHUP): targets added, moved, renamed; config
   * targets that left the file no longer watched (history kept); API targets untouched. Other
   * settings (intervals, zones, alerts) take a restart.
   */
  reloadTargets(config: MonitorConfig): Promise<ConfigSyncResult>;
  /** Scheduler on. */
  start(): void;
  /** Scheduler off, in-flight cycle finished or abandoned, store closed. */
  stop(): Promise<void>;
  /** Counters and gauges (mxdoctor_ prefix); the HTTP side serves /metrics from it and adds its own. */
  readonly registry?: Registry;
}

/** One watch group: its own interval and list selection. */
export interface GroupConfig {
  name: string;
  /** Time between the starts of two cycles of this group, ms (config: "15m", "1h"). */
  intervalMs: number;
  /** Zone names (catalog `zone`) to query; null = the default selection (selectZones). */
  zones: string[] | null;
  /** IPs, CIDR ranges and domains as written in the config. */
  targets: string[];
  /** Display names of some of `targets` (keyed as written there). */
  names?: Record<string, string>;
  /** Watch the mail DNS records (MX, SPF, DMARC, PTR, MTA-STS, TLS-RPT) of this group's domains. */
  records: boolean;
  /** Probe each MX of this group's domains once a day (open relay, unknown recipients). */
  smtp?: boolean;
}

export type AlertChannelConfig =
  | { kind: 'webhook'; url: string }
  | { kind: 'slack'; url: string }
  | { kind: 'teams'; url: string }
  | {
      kind: 'email';
      smtp: { host: string; port: number; secure: boolean; user?: string; pass?: string };
      from: string;
      to: string[];
    };

/** The validated `--config FILE` (or the quick start built from --interval/--webhook/--zones). */
export interface MonitorConfig {
  groups: GroupConfig[];
  alerts: AlertChannelConfig[];
  /** History (events) older than this is deleted, days. */
  retentionDays: number;
  /** Batch change alerts into one digest every N hours (1-24, fractions allowed); null = alert at once. */
  digestHours: number | null;
  /** Daily query limits per zone, overriding the catalog's known limits. */
  budgets: Record<string, number>;
  /** Random delay added to each scheduled cycle, as a fraction of the interval (0-0.5). */
  jitter: number;
  /** For the HTTP side: probe/diagnose targets in these ranges are allowed (default: none). */
  allow: { loopback: boolean; private: boolean };
  /** Port of the daily SMTP probe (default 25). */
  smtpPort?: number;
  /** PostgreSQL URL of the store (config `store:`, or `--store`); absent: SQLite under --data. */
  store?: string;
}

/** What createMonitor needs. The ports (store, clock, post, mail) default to the real ones. */
export interface MonitorOptions {
  config: MonitorConfig;
  /** Folder of the SQLite file (default ./mxdoctor-data: DEFAULT_DATA_DIR). */
  dataDir: string;
  resolver: Resolver;
  /** The whole catalog (built-in or --catalog); each group selects its zones from it. */
  catalog: readonly CatalogEntry[];
  /** One line per notable thing (cycle done, unhealthy zone, alert failure); never a secret. */
  log?: (line: string) => void;
  store?: Store;
  clock?: Clock;
  post?: HttpPoster;
  mail?: MailSender;
  /** The daily SMTP probe (default: src/probe's probeHost). */
  probe?: SmtpProber;
  /**
   * Run each cycle's DNS work on a worker thread, with a resolver built there from these options
   * (`serve` does, so the HTTP thread stays free); without it, on this thread with `resolver`.
   */
  checkWorker?: CheckWorkerOptions;
  /**
   * Several processes on one PostgreSQL store: group cycles go through this shared queue
   * (cycle-queue.ts, pg-boss), one process per due cycle; absent, this process runs its own.
   */
  cycleQueue?: CycleQueue;
}
