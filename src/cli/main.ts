import { type Command, dispatch } from './dispatch.js';
import { type CliIo, processIo } from './io.js';
import { MESSAGE_COMMANDS } from './message-commands.js';

/** Every command, in the order `mxdoctor --help` lists them. */
export const COMMANDS: Record<string, Command> = {
  check: {
    summary: 'check IPs, ranges and domains against DNS blocklists',
    load: () => import('./check.js'),
  },
  probe: {
    summary: 'probe an SMTP server: backscatter, open relay, blocking, TLS',
    load: () => import('./probe.js'),
  },
  bounce: MESSAGE_COMMANDS.bounce,
  phish: MESSAGE_COMMANDS.phish,
  diagnose: {
    summary: 'one report for a mail domain: DNS, SPF, DMARC, lists, SMTP',
    load: () => import('./diagnose.js'),
  },
  serve: {
    summary: 'watch lists over time: history, alerts, dashboard and API',
    load: () => import('./serve.js'),
  },
};

export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return dispatch(argv, io, COMMANDS);
}
