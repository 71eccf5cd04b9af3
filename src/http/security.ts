import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/**
 * Content-Security-Policy of every response: scripts and styles only from our own files (no
 * inline script, so an injected `<script>` in a TXT record or a bounce cannot run), no framing
 * (clickjacking), no plugins, forms post only back to us, no outside connections at all.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(): MiddlewareHandler {
  const set = (c: Context) => {
    c.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
  return async (c, next) => {
    // Set before the handler, they go into the response it builds (c.json, c.html, c.body; a
    // handler's own Cache-Control replaces no-store). Set after it, each c.header() copied the
    // finished Response again: seven copies on every API answer.
    set(c);
    c.header('Cache-Control', 'no-store');
    await next();
    // A handler that returned a Response of its own did not take them: set them on it.
    if (!c.res.headers.has('Content-Security-Policy')) {
      set(c);
      if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    }
  };
}

/**
 * Compares a presented token with the expected one in constant time: both are hashed first so
 * that neither their contents nor their lengths leak through timing.
 */
export function tokensMatch(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b) && expected.length > 0;
}

/** The token of an `Authorization: Bearer TOKEN` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

/** 401 unless the request carries the token; the answer never says which part was wrong. */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    const presented = bearerToken(c.req.header('Authorization'));
    if (presented === null || !tokensMatch(presented, token)) {
      c.header('WWW-Authenticate', 'Bearer realm="mxdoctor"');
      return c.json({ error: 'unauthorized: send Authorization: Bearer TOKEN' }, 401);
    }
    await next();
    return undefined;
  };
}

export interface RateLimit {
  /** Sustained requests per second per client address. */
  perSecond: number;
  /** Requests a client may send at once before the sustained rate applies. */
  burst: number;
}

/** Clients tracked at once: beyond this the oldest bucket is dropped (a spoofing flood cannot grow the map). */
const MAX_TRACKED_CLIENTS = 10_000;

/**
 * A token bucket per client address. Stops one client (a runaway script, a scanner on the LAN)
 * from starving the monitor or, on the tool routes, from using the server to flood DNS or SMTP.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly nowMs: () => number,
  ) {}

  /** True when the request may go ahead (and takes one token). */
  take(client: string): boolean {
    const now = this.nowMs();
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_CLIENTS) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(client, bucket);
    }
    const refill = ((now - bucket.at) / 1000) * this.limit.perSecond;
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + refill);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

export function rateLimit(
  limiter: RateLimiter,
  clientOf: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler {
  return async (c, next) => {
    if (!limiter.take(clientOf(c))) {
      c.header('Retry-After', '1');
      return c.json({ error: 'too many requests: slow down' }, 429);
    }
    await next();
    return undefined;
  };
}

/**
 * Refuses requests whose Host header names another site: a page elsewhere that rebinds its
 * DNS name to 127.0.0.1 (DNS rebinding) could otherwise read the dashboard from the admin's
 * browser. `allowed` empty means any host (the server listens on a public address by choice).
 */
export function hostCheck(allowed: ReadonlySet<string>): MiddlewareHandler {
  return async (c, next) => {
    if (allowed.size > 0) {
      // Node's server builds the URL from the Host header; a Request made in-process has only the URL.
      const host = (c.req.header('Host') ?? new URL(c.req.url).host).toLowerCase();
      if (!allowed.has(host)) return c.json({ error: `unexpected Host header "${host.slice(0, 100)}"` }, 421);
    }
    await next();
    return undefined;
  };
}

/** The Host values a loopback listener answers to: its address and localhost, with the port. */
export function loopbackHosts(host: string, port: number): Set<string> {
  const names = new Set([host.includes(':') ? `[${host}]` : host, 'localhost', '127.0.0.1', '[::1]']);
  const out = new Set<string>();
  for (const name of names) {
    out.add(`${name}:${port}`);
    if (port === 80) out.add(name);
  }
  return out;
}
