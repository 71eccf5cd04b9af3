import { main } from './main.js';

// An EPIPE on stdout (e.g. `mxdoctor check ... | head`) is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mxdoctor: internal error: ${String(error)}\n`);
    process.exitCode = 70;
  },
);
