import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { html } from 'hono/html';
import { Registry } from 'prom-client';
import { describeError, isMxError } from '../core/errors.js';
import type { Monitor } from '../monitor/types.js';
import { apiRoutes } from './api.js';
import type { AppEnv } from './context.js';
import { httpMetrics, targetMetrics } from './metrics.js';
import openapi from './openapi.json' with { type: 'json' };
import {
  hostCheck,
  type RateLimit,
  RateLimiter,
  rateLimit,
  requireToken,
  securityHeaders,
} from './security.js';
import { RefusedAddressError } from './ssrf.js';
import type { Tools } from './tools.js';
import { uiRoutes } from './ui/routes.js';
import { createTargetCache } from './ui/target-cache.js';

export interface HttpLimits {
  /** Largest JSON or form body (targets, a check or diagnose request). */
  formBytes: number;
  /** Largest pasted bounce. */
  bounceBytes: number;
  /** Largest uploaded message (.eml). */
  emlBytes: number;
  /** Every request, per client address. */
  rate: RateLimit;
  /** The tools (check, diagnose, bounce, .eml), per client address: each can cost many DNS queries or an SMTP probe. */
  toolRate: RateLimit;
}

/**
 * Body limits stop a client from filling memory (a request body is read whole before it is
 * parsed); the rates sit far above what a person at the dashboard or a Prometheus scrape sends.
 */
export const DEFAULT_LIMITS: HttpLimits = {
  formBytes: 64 * 1024,
  bounceBytes: 1024 * 1024,
  emlBytes: 10 * 1024 * 1024,
  rate: { perSecond: 250, burst: 500 },
  toolRate: { perSecond: 1, burst: 10 },
};

export interface AppOptions {
  monitor: Monitor;
  tools: Tools;
  /** The bearer token every state-changing or outbound request must carry. */
  auth: { token: string };
  limits?: Partial<HttpLimits>;
  clock?: () => Date;
  /** Host header values accepted (DNS rebinding guard); empty or absent accepts any. */
  allowedHosts?: ReadonlySet<string>;
  version?: string;
  /** Where errors are written (one line each, without the "mxdoctor serve: " prefix); never a request's headers (the token). */
  log?: (line: string) => void;
}

const TOOL_PATHS = /^\/(?:api\/v1|ui)\/tools\//;
/** Responses large enough to be worth compressing: pages, fragments, the full target list, metrics. */
const COMPRESSED_PATHS = /^\/(?:$|targets\/|ui\/|api\/v1\/targets$|api\/v1\/openapi\.json$|metrics$)/;

function clientAddress(c: Context<AppEnv>): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'local';
}

/** One body limit per kind of upload, chosen by path. */
function bodyLimits(limits: HttpLimits): MiddlewareHandler<AppEnv> {
  const onError = (c: Context) => c.json({ error: 'request body too large' }, 413);
  const form = bodyLimit({ maxSize: limits.formBytes, onError });
  const bounce = bodyLimit({ maxSize: limits.bounceBytes, onError });
  const eml = bodyLimit({ maxSize: limits.emlBytes, onError });
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const path = c.req.path;
    if (path.endsWith('/tools/eml')) return eml(c, next);
    if (path.endsWith('/tools/bounce')) return bounce(c, next);
    return form(c, next);
  };
}

/** The token for every method but GET/HEAD, and for GET /api/v1/auth (the login check). */
function authGate(token: string): MiddlewareHandler<AppEnv> {
  const gate = requireToken(token);
  return (c, next) => {
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (read && c.req.path !== '/api/v1/auth') return next();
    return gate(c, next);
  };
}

function errorHandler(log: (line: string) => void) {
  return (error: Error, c: Context<AppEnv>) => {
    const ui = c.req.path.startsWith('/ui/');
    let status: 400 | 403 | 500 = 500;
    let message = 'internal error (see the server log)';
    if (isMxError(error) && error.code !== 'internal') {
      status = error instanceof RefusedAddressError ? 403 : 400;
      message = error.message;
    } else {
      log(`${c.req.method} ${c.req.routePath}: ${describeError(error)}`);
    }
    return ui ? c.html(html`<p class="error">${message}</p>`, status) : c.json({ error: message }, status);
  };
}

/**
 * The HTTP face of `mxdoctor serve`: the JSON API (/api/v1), /healthz, /metrics and the
 * dashboard. Everything it talks to comes in as a parameter (monitor, tools, clock), so tests
 * drive it with fakes through `app.request()`.
 *
 * @example
 * const app = createApp({ monitor, tools, auth: { token } });
 * serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 8025 });
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`mxdoctor serve: ${line}\n`));
  const { monitor, tools } = options;
  const registry = monitor.registry ?? new Registry();
  const nowMs = () => clock().getTime();
  const startCycle = () => {
    monitor.runCycle().catch((error: unknown) => log(`cycle failed: ${describeError(error)}`));
  };
  const app = new Hono<AppEnv>();
  app.use(hostCheck(options.allowedHosts ?? new Set()));
  app.use(securityHeaders());
  // gzip for the pages and the big lists only: on a 40-byte JSON answer compress() costs
  // 0.5 ms of CPU for nothing (the API's latency budget); the assets are served pre-compressed.
  const gzip = compress();
  app.use((c, next) => (COMPRESSED_PATHS.test(c.req.path) ? gzip(c, next) : next()));
  app.use(httpMetrics(registry, options.version ?? '0.0.0'));
  targetMetrics(registry, monitor);
  // The general rate comes before the token check (it also slows token guessing); the tools'
  // rate after it, so that refused requests do not use up a signed-in user's allowance.
  app.use(rateLimit(new RateLimiter(limits.rate, nowMs), clientAddress));
  app.use(authGate(options.auth.token));
  const toolLimiter = rateLimit(new RateLimiter(limits.toolRate, nowMs), clientAddress);
  app.use((c, next) => (TOOL_PATHS.test(c.req.path) ? toolLimiter(c, next) : next()));
  app.use(bodyLimits(limits));
  const targets = createTargetCache(monitor, nowMs);
  app.use(async (c, next) => {
    await next();
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') targets.invalidate();
  });
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/metrics', async (c) => {
    c.header('Content-Type', registry.contentType);
    return c.body(await registry.metrics());
  });
  app.get('/api/v1/openapi.json', (c) => c.json(openapi));
  app.route('/api/v1', apiRoutes({ monitor, tools, startCycle }));
  app.route('/', uiRoutes({ monitor, targets, tools, clock, startCycle }));
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError(errorHandler(log));
  return app;
}
