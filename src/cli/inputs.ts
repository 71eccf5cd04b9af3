/**
 * The one input reader of the CLI: files named on the command line, standard input, and target
 * lists. Every file is checked before a byte is read: only regular files are opened (a FIFO
 * would block forever, /dev/zero never ends), and the size cap is checked with fstat on the
 * opened handle, so a file swapped in between cannot slip past it. Standard input is read as a
 * stream and stopped at the cap. Target lists are read line by line: a million targets never
 * sit in memory at once.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { MxError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** A target list larger than this is refused: 64 MiB holds a few million addresses. */
export const MAX_TARGET_LIST_BYTES = 64 * 1024 * 1024;

/** The file-system calls the readers use: a parameter, so tests can inject failures root cannot see. */
export interface InputFs {
  stat: (path: string) => Promise<Stats>;
  open: (path: string, flags: number) => Promise<FileHandle>;
  /** A fast path for small files (same checks); null when the file is too large for it. */
  readSmallSync?: (path: string, maxBytes: number) => Buffer | null;
}

export const NODE_FS: InputFs = {
  stat: (p) => stat(p),
  open: (p, flags) => open(p, flags),
  readSmallSync: (p, maxBytes) => readSmallRegularSync(p, maxBytes),
};

/** What a non-regular file is, for the message that refuses it. */
export function describeFileType(info: Stats): string | null {
  if (info.isFile()) return null;
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** An fs error as a message naming the path. */
export function describeFsError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `${path}: no such file or folder`;
  if (code === 'EACCES' || code === 'EPERM') return `${path}: permission denied`;
  if (code === 'ELOOP') return `${path}: too many levels of symbolic links`;
  return `${path}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Opens a regular file no larger than `maxBytes`, or throws MxError('input') saying why not.
 * O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer, and the fstat of
 * the opened handle (not of the path, which could be swapped) refuses it before any read.
 */
export async function openRegular(
  path: string,
  maxBytes: number,
  fs: InputFs = NODE_FS,
): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new MxError('input', describeFsError(path, error), { cause: error });
  }
  try {
    const info = await handle.stat();
    refuseIfNotRegular(path, info, maxBytes);
    return { handle, size: info.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function refuseIfNotRegular(path: string, info: Stats, maxBytes: number): void {
  const type = describeFileType(info);
  if (type !== null) {
    const hint = path.startsWith('/dev/') || path.startsWith('/proc/') ? ' (use - for standard input)' : '';
    throw new MxError('input', `${path}: ${type}, not a regular file: not read${hint}`);
  }
  if (info.size > maxBytes)
    throw new MxError('input', `${path}: ${info.size} bytes is larger than the ${maxBytes}-byte limit`);
}

/**
 * Files up to this size are read with synchronous calls: for a small message, fs/promises'
 * FileHandle round trips (open, fstat, read, close through the thread pool) cost more than the
 * analysis — 31 % of a 4,700-file `bounce --json FOLDER` run (bench:bounce profile).
 */
const SYNC_READ_MAX_BYTES = 1024 * 1024;

/** Reads a whole regular file under the cap (checked before reading). */
export async function readRegular(path: string, maxBytes: number, fs: InputFs = NODE_FS): Promise<Buffer> {
  const small = fs.readSmallSync?.(path, maxBytes);
  if (small) return small;
  const { handle } = await openRegular(path, maxBytes, fs);
  try {
    const bytes = await handle.readFile();
    if (bytes.length > maxBytes)
      throw new MxError('input', `${path}: grew past the ${maxBytes}-byte limit while being read`);
    return bytes;
  } finally {
    await handle.close();
  }
}

/**
 * The same checks as openRegular (O_NONBLOCK, fstat of the opened descriptor, size cap), done
 * synchronously; null when the file is larger than SYNC_READ_MAX_BYTES (read asynchronously).
 */
function readSmallRegularSync(path: string, maxBytes: number): Buffer | null {
  return readRegularSync(path, maxBytes, SYNC_READ_MAX_BYTES);
}

/**
 * readRegular done with synchronous calls (the same checks and messages), for a thread that has
 * nothing else to do meanwhile: the message workers read the files they analyse. A file larger
 * than `syncMaxBytes`, or one that grew while read, gives null when `syncMaxBytes` is given
 * (the caller reads it asynchronously), else it is read whole up to the cap.
 */
export function readRegularSync(path: string, maxBytes: number, syncMaxBytes?: number): Buffer | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new MxError('input', describeFsError(path, error), { cause: error });
  }
  try {
    const info = fstatSync(fd);
    refuseIfNotRegular(path, info, maxBytes);
    if (syncMaxBytes !== undefined && info.size > syncMaxBytes) return null;
    // One byte more than fstat said, to see a file that grew.
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let length = 0;
    for (let n = 1; n > 0; length += n) {
      if (length === buffer.length) {
        if (syncMaxBytes !== undefined) return null;
        if (length > maxBytes)
          throw new MxError('input', `${path}: grew past the ${maxBytes}-byte limit while being read`);
        const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
        buffer.copy(larger);
        buffer = larger;
      }
      n = readSync(fd, buffer, length, buffer.length - length, null);
      // The size fstat gave, read in full: a regular file is at its end (one read call saved per
      // message; a file that grew meanwhile is read as it was at fstat).
      if (length === 0 && n === info.size) {
        length = n;
        break;
      }
    }
    if (length > maxBytes)
      throw new MxError('input', `${path}: grew past the ${maxBytes}-byte limit while being read`);
    if (syncMaxBytes !== undefined && length > info.size) return null;
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof MxError) throw error;
    throw new MxError('input', describeFsError(path, error), { cause: error });
  } finally {
    closeSync(fd);
  }
}

/** Reads a stream to its end, refusing it as soon as it passes the cap. */
export async function readCapped(stream: Readable, maxBytes: number, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new MxError('input', `${name}: more than the ${maxBytes}-byte limit`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * The targets of a command: its arguments first, then each `-f FILE` and `-` (stdin), read as a
 * stream and yielded a chunk at a time (one array per chunk read: a yield per target would cost
 * more than the reading), comments and separators handled by splitTargetLines.
 */
export async function* readTargets(
  positionals: readonly string[],
  files: readonly string[],
  io: CliIo,
  fs: InputFs = NODE_FS,
): AsyncGenerator<string[]> {
  const args = positionals.filter((p) => p !== '-');
  if (args.length > 0) yield args;
  const sources = [...files, ...positionals.filter((p) => p === '-')];
  for (const source of sources) {
    if (source === '-') {
      yield* targetChunks(io.stdin, 'standard input');
      continue;
    }
    const { handle } = await openRegular(source, MAX_TARGET_LIST_BYTES, fs);
    try {
      yield* targetChunks(handle.createReadStream({ autoClose: false }), source);
    } finally {
      await handle.close();
    }
  }
}

async function* targetChunks(stream: Readable, name: string): AsyncGenerator<string[]> {
  // Loaded here: core/targets brings ipaddr.js, which `phish` and a one-host `probe` never need.
  const { splitTargetLines } = await import('../core/targets.js');
  let size = 0;
  let rest = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_TARGET_LIST_BYTES) {
      stream.destroy();
      throw new MxError('input', `${name}: more than the ${MAX_TARGET_LIST_BYTES}-byte limit`);
    }
    const text = rest + decoder.decode(bytes, { stream: true });
    const end = text.lastIndexOf('\n');
    rest = end < 0 ? text : text.slice(end + 1);
    if (end >= 0) yield splitTargetLines(text.slice(0, end));
  }
  rest += decoder.decode();
  if (rest !== '') yield splitTargetLines(rest);
}
