/**
 * The PostgreSQL store's URL, checked and redacted without loading the client (the config
 * parser uses it). The password never reaches a message or a log.
 */
import { MxError } from '../core/errors.js';

/** The URL with its password replaced by `***`, for messages and logs. */
export function redactPostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable PostgreSQL URL)';
  }
}

/** Throws MxError('usage') unless `url` is a postgres:// or postgresql:// URL (a socket folder may come as ?host=/path). */
export function checkPostgresUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new MxError(
      'usage',
      `${redactPostgresUrl(url)}: not a URL (postgres://USER:PASSWORD@HOST:PORT/DB)`,
    );
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:')
    throw new MxError(
      'usage',
      `${redactPostgresUrl(url)}: not a postgres:// URL (postgres://USER:PASSWORD@HOST:PORT/DB)`,
    );
}
