/**
 * The one output-capture helper of the CLI tests: runs `mxdoctor ARGS` in-process through
 * main() with captured stdout and stderr, a given stdin, environment, and terminal or not.
 */
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

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

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `mxdoctor ...args`, in-process. */
export async function runCli(args: string[], options: CaptureOptions = {}): Promise<CliResult> {
  const c = captureCli(options);
  const code = await main(args, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}
