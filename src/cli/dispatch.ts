import { isMxError } from '../core/errors.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, prefix } from './io.js';

/** What a command module exports: its flag table (for help and the grammar test) and its run. */
export interface CommandModule {
  run: (argv: string[], io: CliIo) => Promise<number>;
}

/**
 * Commands declared as data: adding a command is one entry in main.ts and one module. Each module
 * is imported only when its command runs, so `mxdoctor --version` and a single probe start fast.
 */
export interface Command {
  summary: string;
  load: () => Promise<CommandModule>;
}

export const VERSION = '0.1.0';

function usage(commands: Record<string, Command>): string {
  const lines = ['Usage: mxdoctor <command> [options]', '', 'Commands:'];
  for (const [name, command] of Object.entries(commands))
    lines.push(`  ${name.padEnd(10)}${command.summary}`);
  lines.push(
    '',
    "Run `mxdoctor <command> --help` for a command's options.",
    'Options: --version, --help; every command takes --json, -v/--verbose and -h/--help.',
  );
  return `${lines.join('\n')}\n`;
}

/** Runs the command `argv` names from `commands`; the exit code. */
export async function dispatch(
  argv: string[],
  io: CliIo,
  commands: Record<string, Command>,
): Promise<number> {
  // `mxdoctor --verbose check ...` is accepted as well as `mxdoctor check ... --verbose`.
  const leading = argv[0] === '--verbose' || argv[0] === '-v' ? 1 : 0;
  const args = argv.slice(leading);
  const first = args[0];
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(usage(commands));
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!command) {
    io.stderr.write(`mxdoctor: unknown command "${first}"\n\n${usage(commands)}`);
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
