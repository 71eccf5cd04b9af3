import { parseArgs } from 'node:util';
import { isMxError } from '../core/errors.js';
import { EXIT_USAGE } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';

/**
 * Commands declared as data. Each module is imported only when its command runs, so
 * `mxdoctor --version` and a single probe start fast (issue 3 bench: start-up under 150 ms).
 */
export interface Command {
  summary: string;
  load: () => Promise<{ run: (argv: string[], io: CliIo) => Promise<number> }>;
}

export const COMMANDS: Record<string, Command> = {
  check: {
    summary: 'check IPs, ranges and domains against DNS blocklists',
    load: () => import('./check.js'),
  },
  probe: {
    summary: 'probe an SMTP server: backscatter, open relay, blocking, TLS',
    load: () => import('./probe.js'),
  },
  bounce: {
    summary: 'explain a bounce message: reason, blocklist, how to delist',
    load: () => import('./bounce.js'),
  },
  phish: { summary: 'analyse a suspicious message for phishing', load: () => import('./phish.js') },
  diagnose: {
    summary: 'one report for a mail domain: DNS, SPF, DMARC, lists, SMTP',
    load: () => import('./diagnose.js'),
  },
};

const VERSION = '0.1.0';

function usage(): string {
  const lines = ['Usage: mxdoctor <command> [options]', '', 'Commands:'];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(10)}${command.summary}`);
  lines.push(
    '',
    "Run `mxdoctor <command> --help` for a command's options.",
    'Options: --version, --help, --verbose',
  );
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const verbose = argv.includes('--verbose');
  const args = argv.filter((a) => a !== '--verbose');
  const first = args[0];
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage());
    return first === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    io.stderr.write(`mxdoctor: unknown command "${first}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    const module = await command.load();
    return await module.run(args.slice(1), io);
  } catch (error) {
    return reportError(error, verbose, io);
  }
}

function reportError(error: unknown, verbose: boolean, io: CliIo): number {
  if (isMxError(error)) {
    io.stderr.write(`mxdoctor: ${error.message}\n`);
    if (verbose && error.cause) io.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.code === 'internal' ? 70 : EXIT_USAGE;
  }
  // parseArgs throws TypeErrors with a code for unknown or malformed flags: a usage error.
  const code = (error as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`mxdoctor: ${(error as Error).message}\n`);
    return EXIT_USAGE;
  }
  io.stderr.write(`mxdoctor: internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (verbose) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else io.stderr.write('(run again with --verbose for details)\n');
  return 70;
}

export { parseArgs };
