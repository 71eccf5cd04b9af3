import { main } from './main.js';

/**
 * Runs the CLI on `argv` as a process: the exit code is set, never forced, so pending output is
 * written first. Shared by the bundle's entry (entry.ts) and the start-up snapshot (snapshot.ts).
 */
export function startCli(argv: string[]): void {
  // An EPIPE on stdout (e.g. `mxdoctor check ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mxdoctor: internal error: ${String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
