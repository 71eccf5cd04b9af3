/**
 * Prometheus metrics of the monitor (prometheus.io/docs/practices/naming: `mxdoctor_` prefix,
 * base units, `_total` on counters). Per-target series only for listed targets: a /16 x 50 lists
 * would otherwise be 3.3 M series. Values come from stored state, never from live lookups.
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

export function createMetrics(): MonitorMetrics {
  const registry = new Registry();
  const cycles = new Counter({
    name: 'mxdoctor_monitor_cycles_total',
    help: 'Completed cycles',
    labelNames: ['group'],
    registers: [registry],
  });
  const cycleSeconds = new Gauge({
    name: 'mxdoctor_monitor_cycle_duration_seconds',
    help: 'Duration of the last cycle of each group',
    labelNames: ['group'],
    registers: [registry],
  });
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
  const targets = new Gauge({
    name: 'mxdoctor_monitor_targets',
    help: 'Watched targets by state',
    labelNames: ['state'],
    registers: [registry],
  });
  const listed = new Gauge({
    name: 'mxdoctor_monitor_listed',
    help: '1 for each listed target x list (listed targets only)',
    labelNames: ['target', 'zone'],
    registers: [registry],
  });
  const unhealthy = new Gauge({
    name: 'mxdoctor_monitor_unhealthy_zones',
    help: 'Zones failing their RFC 5782 test points in the last cycle',
    registers: [registry],
  });
  return {
    registry,
    cycles,
    cycleSeconds,
    events,
    alerts,
    refresh(views, unhealthyZones) {
      const count = { listed: 0, clean: 0, unknown: 0 };
      listed.reset();
      for (const v of views) {
        count[v.state]++;
        for (const l of v.listings) listed.set({ target: v.target, zone: l.zone }, 1);
      }
      for (const [state, n] of Object.entries(count)) targets.set({ state }, n);
      unhealthy.set(unhealthyZones);
    },
  };
}
