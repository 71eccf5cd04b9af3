import { isMxError } from '../core/errors.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, prefix, processIo } from './io.js';

/** What a command module exports: its flag table (for help and the grammar test) and its run. */
export interface CommandModule {
  run: (argv: string[], io: CliIo) => Promise<number>;
}

/**
 * Commands declared as data: adding a command is one entry here and one module. Each module is
 * imported only when its command runs, so `mxdoctor --version` and a single probe start fast.
 */
export interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
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
  serve: {
    summary: 'watch lists over time: history, alerts, dashboard and API',
    load: () => import('./serve.js'),
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
    'Options: --version, --help; every command takes --json, -v/--verbose and -h/--help.',
  );
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // `mxdoctor --verbose check ...` is accepted as well as `mxdoctor check ... --verbose`.
  const leading = argv[0] === '--verbose' || argv[0] === '-v' ? 1 : 0;
  const args = argv.slice(leading);
  const first = args[0];
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    io.stderr.write(`mxdoctor: unknown command "${first}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  const rest = [...args.slice(1), ...(leading ? ['--verbose'] : [])];
  try {
    const module = await command.load();
    return await module.run(rest, io);
  } catch (error) {
    return reportError(first, error, rest.includes('--verbose') || rest.includes('-v'), io);
  }
}

/** A thrown MxError is bad usage or input (exit 2); anything else is a bug (exit 70). */
function reportError(command: string, error: unknown, verbose: boolean, io: CliIo): number {
  const lead = prefix(command);
  if (isMxError(error)) {
    io.stderr.write(`${lead}${error.message}\n`);
    if (verbose && error.cause) io.stderr.write(`${String((error.cause as Error).stack ?? error.cause)}\n`);
    return error.code === 'internal' ? EXIT_INTERNAL : EXIT_USAGE;
  }
  io.stderr.write(`${lead}internal error: ${(error as Error)?.message ?? String(error)}\n`);
  if (verbose) io.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
  else io.stderr.write('(run again with --verbose for details)\n');
  return EXIT_INTERNAL;
}
