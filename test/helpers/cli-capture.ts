/**
 * The one output-capture helper of the CLI tests: the io a command runs with in-process
 * (main(argv, io)): captured stdout and stderr, a given stdin and environment, terminal or not.
 */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';

export interface CaptureOptions {
  /** Pretend stdout is a terminal (colour decisions). */
  tty?: boolean;
  env?: Record<string, string>;
  /** Fed to stdin and ended; a stream is passed as it is. */
  stdin?: string | Buffer | PassThrough;
}

export interface Capture {
  io: CliIo;
  out: () => string;
  err: () => string;
}

export function captureCli(options: CaptureOptions = {}): Capture {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const stderr = new PassThrough();
  let stdin = options.stdin;
  if (!(stdin instanceof PassThrough)) {
    const fed = new PassThrough();
    fed.end(stdin ?? '');
    stdin = fed;
  }
  // Buffers joined at the end: a UTF-8 character split across two chunks stays whole.
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const text = (chunks: Buffer[]) => () => Buffer.concat(chunks).toString('utf8');
  return { io: { stdout, stderr, stdin, env: options.env ?? {} }, out: text(out), err: text(err) };
}
