/**
 * Runs a CLI `run` on `argv` as a process: the exit code is set, never forced, so pending output
 * is written first. Shared by the bundle's entry (entry.ts, every command) and the start-up
 * snapshot (snapshot.ts, the message commands).
 */
export function startCli(argv: string[], run: (argv: string[]) => Promise<number>): void {
  // An EPIPE on stdout (e.g. `mxdoctor check ... | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mxdoctor: internal error: ${String(error)}\n`);
      process.exitCode = 70;
    },
  );
}
