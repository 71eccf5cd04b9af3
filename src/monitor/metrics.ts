/**
 * Prometheus metrics of the monitor (prometheus.io/docs/practices/naming: `mxdoctor_` prefix,
 * base units, `_total` on counters). Per-target series only for listed or NAMED targets: a /16 x
 * 50 lists would otherwise be 3.3 M series; everything else is counted per group, state and
 * list. Values come from stored state, never from live lookups: refreshed after each cycle and,
 * given a source of the current views, at scrape time whenever the views changed (a target
 * added, removed or renamed shows at once; an unchanged list costs nothing to scrape).
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { TargetView } from './types.js';

export interface MonitorMetrics {
  registry: Registry;
  cycles: Counter<'group'>;
  cycleSeconds: Gauge<'group'>;
  events: Counter<'event'>;
  alerts: Counter<'channel' | 'outcome'>;
  refresh(views: readonly TargetView[], unhealthyZones: number): void;
}

/** The series of one named target: its state and a summary of its listings, by target and name. */
interface NamedSeries {
  listed: Gauge<'target' | 'name'>;
  unknown: Gauge<'target' | 'name'>;
  listings: Gauge<'target' | 'name'>;
  addresses: Gauge<'target' | 'name'>;
  checked: Gauge<'target' | 'name'>;
}

/** The current views (the same array until something changes) and the unhealthy zone count. */
export type MetricsSource = () =>
  | { views: readonly TargetView[]; unhealthyZones: number }
  | Promise<{ views: readonly TargetView[]; unhealthyZones: number }>;

export function createMetrics(source?: MetricsSource): MonitorMetrics {
  const registry = new Registry();
  let seen: readonly TargetView[] | null = null;
  let refresh: MonitorMetrics['refresh'] = () => {};
  /** At scrape time: recomputed only when the views array is a new one. */
  const fresh = async () => {
    if (!source) return;
    const { views, unhealthyZones } = await source();
    if (views !== seen) refresh(views, unhealthyZones);
  };
  const gauge = <L extends string>(name: string, help: string, labelNames: L[], derived = true) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry], ...(derived ? { collect: fresh } : {}) });
  const cycles = new Counter({
    name: 'mxdoctor_monitor_cycles_total',
    help: 'Completed cycles',
    labelNames: ['group'],
    registers: [registry],
  });
  const cycleSeconds = gauge(
    'mxdoctor_monitor_cycle_duration_seconds',
    'Duration of the last cycle of each group',
    ['group'],
    false,
  );
  const events = new Counter({
    name: 'mxdoctor_monitor_events_total',
    help: 'Listing, delisting and record-change events',
    labelNames: ['event'],
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'mxdoctor_monitor_alerts_total',
    help: 'Alert deliveries by channel (kind:index, never the URL) and outcome',
    labelNames: ['channel', 'outcome'],
    registers: [registry],
  });
  const targets = gauge('mxdoctor_monitor_targets', 'Watched targets by group and state', ['group', 'state']);
  const perZone = gauge(
    'mxdoctor_monitor_listings',
    'Listed addresses (or domains) of all watched targets, by list',
    ['zone'],
  );
  const listed = gauge(
    'mxdoctor_monitor_listed',
    'Addresses of a listed target that a list lists (listed targets only; 1 for an IP)',
    ['target', 'zone'],
  );
  const named: NamedSeries = {
    listed: gauge('mxdoctor_monitor_target_listed', 'Named target: 1 when listed anywhere, else 0', [
      'target',
      'name',
    ]),
    unknown: gauge(
      'mxdoctor_monitor_target_unknown',
      'Named target: 1 when some list could not answer for it (and it is not listed), else 0',
      ['target', 'name'],
    ),
    listings: gauge('mxdoctor_monitor_target_listings', 'Named target: lists listing it', ['target', 'name']),
    addresses: gauge(
      'mxdoctor_monitor_target_listed_addresses',
      'Named target: its addresses (a range, a domain MX/SPF) listed somewhere',
      ['target', 'name'],
    ),
    checked: gauge(
      'mxdoctor_monitor_target_last_checked_timestamp_seconds',
      'Named target: when it was last checked (Unix time); absent before its first check',
      ['target', 'name'],
    ),
  };
  const unhealthy = gauge(
    'mxdoctor_monitor_unhealthy_zones',
    'Zones failing their RFC 5782 test points in the last cycle',
    [],
  );
  refresh = (views, unhealthyZones) => {
    seen = views;
    const count = new Map<string, { listed: number; clean: number; unknown: number }>();
    const zones = new Map<string, number>();
    for (const g of [targets, perZone, listed, ...Object.values(named)]) g.reset();
    for (const v of views) {
      let c = count.get(v.group);
      if (!c) {
        c = { listed: 0, clean: 0, unknown: 0 };
        count.set(v.group, c);
      }
      c[v.state]++;
      // Most targets: not listed, not named, nothing more to do (10,000 per scrape after a cycle).
      if (v.listings.length === 0 && v.name === null) continue;
      const byZone = new Map<string, number>();
      for (const l of v.listings) byZone.set(l.zone, (byZone.get(l.zone) ?? 0) + 1);
      for (const [zone, n] of byZone) {
        listed.set({ target: v.target, zone }, n);
        zones.set(zone, (zones.get(zone) ?? 0) + n);
      }
      if (v.name !== null) setNamed(named, v, byZone.size);
    }
    for (const [group, c] of count)
      for (const [state, n] of Object.entries(c)) targets.set({ group, state }, n);
    for (const [zone, n] of zones) perZone.set({ zone }, n);
    unhealthy.set(unhealthyZones);
  };
  return { registry, cycles, cycleSeconds, events, alerts, refresh: (views, n) => refresh(views, n) };
}

function setNamed(series: NamedSeries, v: TargetView, lists: number): void {
  const labels = { target: v.target, name: v.name ?? '' };
  series.listed.set(labels, v.state === 'listed' ? 1 : 0);
  series.unknown.set(labels, v.state === 'unknown' ? 1 : 0);
  series.listings.set(labels, lists);
  series.addresses.set(labels, new Set(v.listings.map((l) => l.address)).size);
  if (v.checkedAt !== null) series.checked.set(labels, Date.parse(v.checkedAt) / 1000);
}
