/**
 * The SMTP flags shared by `probe` and `diagnose`, apart from flags.ts so that the commands
 * without SMTP do not load the probe's defaults (and the option checks they come with).
 */
import { PROBE_DEFAULTS } from '../probe/defaults.js';
import type { FlagSpec } from './grammar.js';

export const SMTP_PORT_FLAG = {
  name: 'smtp-port',
  kind: 'int',
  arg: 'N',
  help: 'port of the SMTP service',
  default: PROBE_DEFAULTS.port,
  min: 1,
  max: 65535,
} as const satisfies FlagSpec;

/** `--smtp-timeout` is the deadline of one whole SMTP probe of one server, in every command. */
export const SMTP_TIMEOUT_HELP = 'deadline of the whole SMTP probe of one server';
