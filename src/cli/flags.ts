/**
 * Flags shared by several commands, declared once: the same name has the same meaning, value
 * and default everywhere (`--timeout` is always the DNS timeout; SMTP has `--smtp-*`). Defaults
 * and ranges come from the capabilities' DEFAULTS objects, never from numbers typed here.
 */
import { DNS_DEFAULTS } from '../dns/defaults.js';
import type { FlagSpec } from './grammar.js';

export const HELP_FLAG = {
  name: 'help',
  short: 'h',
  kind: 'boolean',
  help: 'this help',
} as const satisfies FlagSpec;

export const VERBOSE_FLAG = {
  name: 'verbose',
  short: 'v',
  kind: 'boolean',
  help: 'more detail, and the stack trace of an internal error',
} as const satisfies FlagSpec;

export const JSON_FLAG = {
  name: 'json',
  kind: 'boolean',
  help: 'NDJSON: one compact JSON object a line, one per input or result',
} as const satisfies FlagSpec;

/** Every command ends its table with these, in this order. */
export const COMMON_FLAGS = [JSON_FLAG, VERBOSE_FLAG, HELP_FLAG] as const;

export const FILE_FLAG = {
  name: 'file',
  short: 'f',
  kind: 'string',
  multiple: true,
  arg: 'FILE',
  help: 'read targets from FILE (- for stdin): one a line, # comments',
} as const satisfies FlagSpec;

export const RESOLVER_FLAGS = [
  {
    name: 'resolver',
    kind: 'string',
    multiple: true,
    arg: 'HOST[:PORT]',
    help: "DNS resolver to use (an IP address; default: the system's)",
  },
  {
    name: 'timeout',
    kind: 'int',
    arg: 'MS',
    help: 'DNS timeout of each query attempt, one retry follows',
    default: DNS_DEFAULTS.timeoutMs,
    min: 1,
    max: DNS_DEFAULTS.maxTimeoutMs,
  },
  {
    name: 'dns-client',
    kind: 'string',
    arg: 'C',
    help: 'udp (our client) or node (node:dns, c-ares)',
    choices: ['udp', 'node'],
    default: DNS_DEFAULTS.impl,
  },
] as const satisfies readonly FlagSpec[];

export const CATALOG_FLAGS = [
  {
    name: 'catalog',
    kind: 'string',
    arg: 'FILE',
    help: 'blocklist catalog (JSON) instead of the built-in one',
  },
  { name: 'zones', kind: 'string', arg: 'a,b', help: 'query only these blocklist zones' },
] as const satisfies readonly FlagSpec[];
