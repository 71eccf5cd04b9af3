import type { html } from 'hono/html';

/** What hono's `html` tag returns; every `${value}` inside it is HTML-escaped. */
export type Html = ReturnType<typeof html>;

/** "3 h ago", "2 d ago": how long ago an ISO time was, for the "since when" column. */
export function ago(iso: string | null, now: Date): string {
  if (iso === null) return 'never';
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A short UTC time for tables: 2026-11-30 12:00. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '';
  return iso.slice(0, 16).replace('T', ' ');
}

/**
 * A link target only when it is an http(s) URL: a delist URL comes from the catalog, which a
 * user may replace (--catalog), and TXT records are anyone's; `javascript:` must never be an href.
 */
export function safeHref(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** The path of a target's page; encodeURIComponent keeps the `/` of a CIDR inside one segment. */
export function targetPath(target: string, suffix = ''): string {
  return `/targets/${encodeURIComponent(target)}${suffix}`;
}
