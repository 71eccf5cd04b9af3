import type { Readable, Writable } from 'node:stream';

/** What a command may touch of the process: passed in so commands can be run in-process by tests. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable;
  env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** Writes text and waits for it to drain, so piping a large report into `head` or a file is safe. */
export function write(stream: Writable, text: string): Promise<void> | void {
  if (!stream.write(text)) return new Promise((resolve) => stream.once('drain', () => resolve()));
  return undefined;
}

/** The one prefix of every message on stderr: `mxdoctor <command>: `. */
export function prefix(command: string): string {
  return `mxdoctor ${command}: `;
}
