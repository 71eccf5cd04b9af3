import type { MiddlewareHandler } from 'hono';
import { Counter, collectDefaultMetrics, Gauge, Histogram, type Registry } from 'prom-client';
import type { Monitor } from '../monitor/types.js';

/**
 * The HTTP side's metrics, added to the monitor's registry so that one /metrics serves both.
 * Route labels are the route patterns (`/api/v1/targets/:target`), never the raw path: a path
 * holds a target, and per-target series are kept for listed targets only (cardinality).
 */
export function httpMetrics(registry: Registry, version: string): MiddlewareHandler {
  if (!registry.getSingleMetric('mxdoctor_build_info')) {
    const info = new Gauge({
      name: 'mxdoctor_build_info',
      help: 'Always 1; the labels say which mxdoctor and Node.js are running.',
      labelNames: ['version', 'node'],
      registers: [registry],
    });
    info.set({ version, node: process.versions.node }, 1);
  }
  // Process metrics (CPU, memory, event-loop lag): a slow API is most often a stalled event loop.
  if (!registry.getSingleMetric('mxdoctor_process_cpu_seconds_total'))
    collectDefaultMetrics({ register: registry, prefix: 'mxdoctor_' });
  const requests = new Counter({
    name: 'mxdoctor_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code.',
    labelNames: ['route', 'method', 'code'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'mxdoctor_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern.',
    labelNames: ['route', 'method'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5, 30],
    registers: [registry],
  });
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route = c.req.routePath || 'unmatched';
    const labels = { route, method: c.req.method };
    duration.observe(labels, (performance.now() - started) / 1000);
    requests.inc({ ...labels, code: String(c.res.status) });
  };
}

/**
 * Per-target listing series from the stored state (never a live lookup at scrape time), only for
 * targets listed somewhere: a watched /16 on 50 lists would otherwise be 3.3 million series.
 * Registered only when the monitor's registry does not already carry them.
 */
export function targetMetrics(registry: Registry, monitor: Monitor): void {
  // The monitor keeps the same series as mxdoctor_monitor_listed, refreshed after each cycle.
  if (
    registry.getSingleMetric('mxdoctor_monitor_listed') ||
    registry.getSingleMetric('mxdoctor_target_listed')
  )
    return;
  new Gauge({
    name: 'mxdoctor_target_listed',
    help: 'Watched targets currently listed: 1 per target and zone that lists it.',
    labelNames: ['target', 'zone'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const view of await monitor.listTargets())
        for (const listing of view.listings) this.set({ target: view.target, zone: listing.zone }, 1);
    },
  });
}
