/** Probe options: validated once, explicit defaults (never `||`). */
import { MxError } from '../core/errors.js';
import { requireInt } from '../core/limits.js';
import { parseAddress } from './source-address.js';
import type { ProbeOptions, ResolvedProbeOptions } from './types.js';

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Tarpits and postscreen delay the greeting by seconds; RFC 5321 allows 5 minutes for it. */
export const DEFAULT_GREETING_TIMEOUT_MS = 30_000;
export const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
export const DEFAULT_QUIT_WAIT_MS = 100;
export const MAX_TIMEOUT_MS = 300_000;
/**
 * One host's probe ends by then, however the server paces it. Stops: a tarpit answering each of
 * ~12 steps just inside its stage timeout (12 x 30 s), plus a second session. 90 s leaves room
 * for a 30 s greeting delay (postscreen, tarpits) and a full dialogue at normal speed.
 */
export const DEFAULT_SESSION_DEADLINE_MS = 90_000;
export const MAX_SESSION_DEADLINE_MS = 1_800_000;
/** The default envelope sender: the null sender `<>`, which RFC 5321 §4.5.5 says servers must accept. */
export const DEFAULT_FROM = '';
export const DEFAULT_HELO = 'mxdoctor-probe.invalid';
/** RFC 2606 §2: `.invalid` can never be a real domain, so no server can own it. */
export const DEFAULT_RELAY_DOMAIN = 'relay-test.mxdoctor.invalid';

const ADDRESS = /^[^\s<>@"]{1,64}@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const DOMAIN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
const HELO = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f.:]+\])$/i;

/**
 * 16 hex digits for a local part that does not exist. The names only have to be new, not secret,
 * so Math.random serves: the Web Crypto global costs 2.4 ms to load, 5 % of a whole probe.
 */
function randomHexDefault(): string {
  const half = () =>
    Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return half() + half();
}

function checked(name: string, value: string | undefined, pattern: RegExp): string | null {
  if (value === undefined) return null;
  if (!pattern.test(value) || value.length > 254)
    throw new MxError('usage', `${name}: not a valid value: "${value}"`);
  return value;
}

function checkedSource(value: string | undefined): string | null {
  if (value === undefined) return null;
  const ip = parseAddress(value);
  if (!ip) throw new MxError('usage', `source: not an IP address: "${value}"`);
  return value.trim().replace(/^\[|\]$/g, '');
}

export function resolveProbeOptions(options: ProbeOptions = {}): ResolvedProbeOptions {
  const from = options.from ?? DEFAULT_FROM;
  if (from !== '') checked('from', from, ADDRESS);
  return {
    connect: options.connect ?? null,
    resolver: options.resolver ?? null,
    from,
    domain: checked('domain', options.domain?.toLowerCase(), DOMAIN),
    relayDomain: checked('relayDomain', options.relayDomain, DOMAIN) ?? DEFAULT_RELAY_DOMAIN,
    validRcpt: checked('validRcpt', options.validRcpt, ADDRESS),
    helo: checked('helo', options.helo, HELO) ?? DEFAULT_HELO,
    tls: options.tls ?? true,
    connectTimeoutMs: requireInt(
      'connectTimeoutMs',
      options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    greetingTimeoutMs: requireInt(
      'greetingTimeoutMs',
      options.greetingTimeoutMs ?? DEFAULT_GREETING_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    commandTimeoutMs: requireInt(
      'commandTimeoutMs',
      options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      1,
      MAX_TIMEOUT_MS,
    ),
    quitWaitMs: requireInt('quitWaitMs', options.quitWaitMs ?? DEFAULT_QUIT_WAIT_MS, 0, MAX_TIMEOUT_MS),
    sessionDeadlineMs: requireInt(
      'sessionDeadlineMs',
      options.sessionDeadlineMs ?? DEFAULT_SESSION_DEADLINE_MS,
      1,
      MAX_SESSION_DEADLINE_MS,
    ),
    source: checkedSource(options.source),
    randomHex: options.randomHex ?? randomHexDefault,
  };
}
