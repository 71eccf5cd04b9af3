/**
 * The messages named by `bounce` and `phish` arguments: files (.eml or mbox), folders (Maildir
 * cur/ and new/, or every file inside, subfolders included), or `-` for standard input. Folders
 * are walked as a stream (a million files in bounded memory); symbolic links are followed to
 * regular files and folders, each folder visited once (a link loop ends there). Whatever cannot
 * be read is yielded as an error naming it and the walk goes on; whatever is not a message file
 * (a FIFO, a socket, a device, a dangling link) is yielded as a skip naming it.
 */
import type { Dir, Dirent, Stats } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { join } from 'node:path';
import { MxError } from '../core/errors.js';
import { looksLikeMbox, splitMbox } from '../mail/mbox.js';
import {
  describeFileType,
  describeFsError,
  type InputFs,
  NODE_FS,
  readCapped,
  readRegular,
  readRegularSync,
} from './inputs.js';
import type { CliIo } from './io.js';
import { sortByName } from './sort-names.js';

/** One message to analyse, named as reports show it: a path, `path#N` inside an mbox, or `-`. */
export interface MessageInput {
  name: string;
  bytes: Uint8Array;
}

export type MessageSourceItem =
  | MessageInput
  | { name: string; error: string }
  | { name: string; skipped: string };

/** A file found in a folder and not read yet: whoever analyses it reads it (readFileMessages). */
export interface FileSource {
  file: string;
}

/** What the walk gives, in order: messages, errors and skips, and files still to be read. */
export type MessageSource = MessageSourceItem | FileSource;

/** A single message larger than this is refused by name: a 50 MB bomb must not take the heap. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A whole mbox file (or stdin) may be larger; it is split before analysis. */
export const MAX_MAILBOX_BYTES = 1024 * 1024 * 1024;
/** Folders nested deeper than this are not entered (each level holds an open directory handle). */
const MAX_FOLDER_DEPTH = 32;
/** A folder with at most this many entries is read in name order; a larger one in directory order. */
const SORTED_FOLDER_ENTRIES = 10_000;

export interface FolderFs extends InputFs {
  opendir: (path: string) => Promise<Dir>;
}

const NODE_FOLDER_FS: FolderFs = { ...NODE_FS, opendir: (p) => opendir(p, { bufferSize: 256 }) };

/**
 * Files read at once ahead of the analysis, results still yielded in walk order. One read at a
 * time left the CPU idle 39 % of a 4,700-file bounce run (profile in docs/bounce.md); 16 keeps
 * the disk queue busy while bounding what is held in memory to 16 files.
 */
export const READ_AHEAD_FILES = 16;

export async function* readMessages(
  paths: readonly string[],
  io: CliIo,
  fs: FolderFs = NODE_FOLDER_FS,
  readAhead: number = READ_AHEAD_FILES,
): AsyncGenerator<MessageSourceItem> {
  const queue: Promise<MessageSourceItem[]>[] = [];
  for await (const sources of walkSources(paths, io, fs)) {
    for (const source of sources) {
      // readOne never rejects (errors become items), so a queued promise cannot go unhandled.
      queue.push('file' in source ? readOne(source.file, fs) : Promise.resolve([source]));
      while (queue.length >= readAhead) yield* await queue.shift()!;
    }
  }
  while (queue.length > 0) yield* await queue.shift()!;
}

/**
 * The inputs in order, a folder's files as paths still to be read (in arrays: a yield per file
 * of a 4,700-file folder cost more than reading it). Files named as arguments and standard input
 * are read here, so that a large mbox is split into messages that several threads can share.
 */
export async function* walkSources(
  paths: readonly string[],
  io: CliIo,
  fs: FolderFs = NODE_FOLDER_FS,
): AsyncGenerator<MessageSource[]> {
  for (const path of paths) {
    if (path === '-') {
      try {
        yield [...expandMailbox('-', await readCapped(io.stdin, MAX_MAILBOX_BYTES, 'standard input'))];
      } catch (error) {
        yield [{ name: '-', error: (error as Error).message }];
      }
      continue;
    }
    let info: Stats;
    try {
      info = await fs.stat(path);
    } catch (error) {
      yield [{ name: path, error: describeFsError(path, error) }];
      continue;
    }
    if (info.isDirectory()) yield* walkFolder(path, fs, new Set([fileId(info)]), 0);
    else yield await readOne(path, fs);
  }
}

/** Reads one file into its messages, or into an error item; never rejects. */
function readOne(path: string, fs: InputFs): Promise<MessageSourceItem[]> {
  return readRegular(path, MAX_MAILBOX_BYTES, fs).then(
    (bytes) => [...expandMailbox(path, bytes)],
    (error: unknown) => [{ name: path, error: readErrorMessage(path, error) }],
  );
}

function readErrorMessage(path: string, error: unknown): string {
  return error instanceof MxError ? error.message : describeFsError(path, error);
}

/**
 * A folder's file read with synchronous calls, into its messages or an error item (the same
 * items and messages as readMessages gives): for the thread that analyses it, a worker or the
 * main thread, which has nothing to do meanwhile.
 */
export function readFileMessages(path: string): MessageSourceItem[] {
  try {
    return [...expandMailbox(path, readRegularSync(path, MAX_MAILBOX_BYTES)!)];
  } catch (error) {
    return [{ name: path, error: readErrorMessage(path, error) }];
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

function fileId(info: Stats): string {
  return `${info.dev}:${info.ino}`;
}

/** Depth first; `seen` holds every folder entered (dev:ino), so a symlink loop is entered once. */
async function* walkFolder(
  dir: string,
  fs: FolderFs,
  seen: Set<string>,
  depth: number,
): AsyncGenerator<MessageSource[]> {
  if (depth > MAX_FOLDER_DEPTH) {
    yield [{ name: dir, skipped: `${dir}: skipped, folders nested deeper than ${MAX_FOLDER_DEPTH}` }];
    return;
  }
  let handle: Dir;
  try {
    handle = await fs.opendir(dir);
  } catch (error) {
    yield [{ name: dir, error: describeFsError(dir, error) }];
    return;
  }
  let files: MessageSource[] = [];
  // join(dir, name) for a name read from the folder (no slash, never . or ..), without one
  // path normalisation per file.
  const prefix = join(dir, 'x').slice(0, -1);
  try {
    for await (const entries of folderEntries(handle)) {
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        // A plain file needs no stat of its own: the reader checks the opened handle.
        if (entry.isFile()) {
          files.push({ file: prefix + entry.name });
          continue;
        }
        if (files.length > 0) yield files;
        files = [];
        yield* visitEntry(dir, entry.name, fs, seen, depth);
      }
      if (files.length > 0) yield files;
      files = [];
    }
  } catch (error) {
    if (files.length > 0) yield files;
    yield [{ name: dir, error: describeFsError(dir, error) }];
  } finally {
    await handle.close().catch(() => {});
  }
}

async function* visitEntry(
  dir: string,
  name: string,
  fs: FolderFs,
  seen: Set<string>,
  depth: number,
): AsyncGenerator<MessageSource[]> {
  const full = join(dir, name);
  let info: Stats;
  try {
    info = await fs.stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') yield [{ name: full, skipped: `${full}: skipped, a dangling symbolic link` }];
    else yield [{ name: full, error: describeFsError(full, error) }];
    return;
  }
  if (info.isDirectory()) {
    // Maildir tmp/ holds messages still being written (Maildir spec: readers never look there).
    if (name === 'tmp' && (await isMaildir(dir, fs))) return;
    const id = fileId(info);
    if (seen.has(id)) {
      yield [{ name: full, skipped: `${full}: skipped, a folder already read (symbolic link loop)` }];
      return;
    }
    seen.add(id);
    yield* walkFolder(full, fs, seen, depth + 1);
    return;
  }
  const type = describeFileType(info);
  if (type !== null) {
    yield [{ name: full, skipped: `${full}: skipped, ${type}, not a regular file` }];
    return;
  }
  yield [{ file: full }];
}

async function isMaildir(dir: string, fs: FolderFs): Promise<boolean> {
  for (const sub of ['cur', 'new']) {
    try {
      if ((await fs.stat(join(dir, sub))).isDirectory()) return true;
    } catch {
      // Not there: look at the other one.
    }
  }
  return false;
}

/**
 * The names in a folder, in arrays: sorted when there are few (stable reports), in directory
 * order when there are many, so that a folder of a million files is never held as one list.
 */
async function* folderEntries(handle: Dir): AsyncGenerator<Dirent[]> {
  // Read synchronously when the handle can: each asynchronous read of a folder's next 32 names
  // is a thread-pool round trip, 100 ms or more for 4,700 names on a busy 2-core VM (5 ms so).
  const read = typeof handle.readSync === 'function' ? () => handle.readSync() : () => handle.read();
  const first: Dirent[] = [];
  for (;;) {
    const entry = await read();
    if (entry === null) {
      yield sortByName(first);
      return;
    }
    first.push(entry);
    if (first.length > SORTED_FOLDER_ENTRIES) break;
  }
  yield first;
  let chunk: Dirent[] = [];
  for (let entry = await read(); entry !== null; entry = await read()) {
    chunk.push(entry);
    if (chunk.length === SORTED_FOLDER_ENTRIES) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export function requirePaths(paths: readonly string[]): void {
  if (paths.length === 0)
    throw new MxError('usage', 'give one or more message files, folders, or - for stdin');
}
