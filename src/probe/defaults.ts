/** The SMTP probe's defaults in one object: the CLI's flag table reads them from here. */
import {
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_GREETING_TIMEOUT_MS,
  DEFAULT_HELO,
  DEFAULT_RELAY_DOMAIN,
  DEFAULT_SESSION_DEADLINE_MS,
  MAX_SESSION_DEADLINE_MS,
  MAX_TIMEOUT_MS,
} from './options.js';

export const PROBE_DEFAULTS = {
  /** RFC 5321 §4.5.3.2 / RFC 6409: mail exchange between servers is on port 25. */
  port: 25,
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  greetingTimeoutMs: DEFAULT_GREETING_TIMEOUT_MS,
  /** How long each SMTP command's reply is waited for. */
  commandTimeoutMs: DEFAULT_COMMAND_TIMEOUT_MS,
  maxTimeoutMs: MAX_TIMEOUT_MS,
  /** Deadline of one whole probe of one server, however the server paces its replies. */
  sessionDeadlineMs: DEFAULT_SESSION_DEADLINE_MS,
  maxSessionDeadlineMs: MAX_SESSION_DEADLINE_MS,
  helo: DEFAULT_HELO,
  relayDomain: DEFAULT_RELAY_DOMAIN,
  /** Servers probed at once by probeHosts. */
  concurrency: 8,
  maxConcurrency: 100,
  /** Stops a host list turning the probe into a bulk callout engine against third parties. */
  maxHosts: 10_000,
} as const;
