import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MxError } from '../core/errors.js';
import { looksLikeMbox, splitMbox } from '../mail/mbox.js';
import { type CliIo, readStream } from './io.js';

/** One message to analyse, named as reports show it: a path, `path#N` inside an mbox, or `-`. */
export interface MessageInput {
  name: string;
  bytes: Uint8Array;
}

/** A single message larger than this is refused by name: a 50 MB bomb must not take the heap. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A whole mbox file may be larger; it is split before analysis. */
export const MAX_MAILBOX_BYTES = 1024 * 1024 * 1024;

export type MessageSourceItem = MessageInput | { name: string; error: string };

/**
 * Yields the messages named by CLI arguments: files (.eml or mbox), Maildir folders (cur/ and
 * new/), plain folders (every file inside), or `-` for stdin. An unreadable item is yielded as
 * an error entry naming it, so the other inputs are still analysed.
 */
export async function* readMessages(paths: readonly string[], io: CliIo): AsyncGenerator<MessageSourceItem> {
  for (const path of paths) {
    if (path === '-') {
      try {
        yield* expandMailbox('-', await readStream(io.stdin, MAX_MAILBOX_BYTES));
      } catch (error) {
        yield { name: '-', error: `cannot read standard input: ${(error as Error).message}` };
      }
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      yield { name: path, error: describeFsError(path, error) };
      continue;
    }
    if (info.isDirectory()) {
      for (const file of await listMessageFiles(path)) yield* readOne(file);
    } else {
      yield* readOne(path);
    }
  }
}

async function* readOne(path: string): AsyncGenerator<MessageSourceItem> {
  try {
    const info = await stat(path);
    if (info.size > MAX_MAILBOX_BYTES) {
      yield {
        name: path,
        error: `${path}: ${info.size} bytes is larger than the ${MAX_MAILBOX_BYTES}-byte limit`,
      };
      return;
    }
    const handle = await open(path, 'r');
    try {
      const bytes = await handle.readFile();
      yield* expandMailbox(path, bytes);
    } finally {
      await handle.close();
    }
  } catch (error) {
    yield { name: path, error: describeFsError(path, error) };
  }
}

function* expandMailbox(name: string, bytes: Uint8Array): Generator<MessageSourceItem> {
  const messages = looksLikeMbox(bytes) ? splitMbox(bytes) : [{ index: 1, bytes }];
  for (const message of messages) {
    const itemName = messages.length > 1 ? `${name}#${message.index}` : name;
    if (message.bytes.length > MAX_MESSAGE_BYTES) {
      yield {
        name: itemName,
        error: `${itemName}: message of ${message.bytes.length} bytes exceeds ${MAX_MESSAGE_BYTES}`,
      };
    } else {
      yield { name: itemName, bytes: message.bytes };
    }
  }
}

async function listMessageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((e) => e.name));
  const isMaildir = names.has('cur') || names.has('new');
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (isMaildir && entry.name === 'tmp') continue; // Maildir tmp/ holds messages still being written
      out.push(...(await listMessageFiles(full)));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out;
}

function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file or folder`;
  if (code === 'EACCES') return `${path}: permission denied`;
  if (code === 'EISDIR') return `${path}: is a folder`;
  return `${path}: ${(error as Error).message}`;
}

export function requirePaths(paths: readonly string[], command: string): void {
  if (paths.length === 0)
    throw new MxError('usage', `${command}: give one or more message files, folders, or - for stdin`);
}
