/**
 * Member names of a zip archive, read the way unzip tools read them: the end-of-central-directory
 * record is found from the END of the file (APPNOTE 6.3.10 §4.3.16; the central directory sits at
 * the end, so a 50 MB archive must not hide its members past a scan of its first bytes), then the
 * central directory (§4.3.12) is read within MAX_ARCHIVE_SCAN_BYTES. Local file headers (§4.3.7)
 * at the start are read too, for archives whose directory is missing or lies. Zips stored or
 * deflated inside a zip are opened, MAX_ARCHIVE_DEPTH levels deep and MAX_NESTED_ARCHIVE_BYTES
 * each: a program packed twice must not slip through, and a zip bomb must not inflate.
 */
import { inflateRawSync } from 'node:zlib';
import {
  MAX_ARCHIVE_DEPTH,
  MAX_ARCHIVE_MEMBERS,
  MAX_ARCHIVE_SCAN_BYTES,
  MAX_NESTED_ARCHIVE_BYTES,
  MAX_NESTED_ARCHIVES,
} from './limits.js';

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  localOffset: number;
}

export interface ZipScan {
  /** Member names; members of nested zips as `inner.zip/member.exe`. */
  names: string[];
  /** Parts not read because a limit stopped them (a directory or a nested zip too large). */
  skipped: string[];
}

const EOCD_SIZE = 22;
/** The EOCD record ends with a comment of at most 65,535 bytes (§4.3.16). */
const MAX_EOCD_SEARCH = EOCD_SIZE + 0xffff;
const decoder = new TextDecoder('utf-8', { fatal: false });

function u16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16)) + b[at + 3]! * 0x1000000;
}

function isSig(b: Uint8Array, at: number, third: number, fourth: number): boolean {
  return b[at] === 0x50 && b[at + 1] === 0x4b && b[at + 2] === third && b[at + 3] === fourth;
}

/** Offset of the end-of-central-directory record, searched backwards from the end, or -1. */
function findEocd(b: Uint8Array): number {
  const stop = Math.max(0, b.length - MAX_EOCD_SEARCH);
  for (let at = b.length - EOCD_SIZE; at >= stop; at--) if (isSig(b, at, 5, 6)) return at;
  return -1;
}

/** Where the central directory starts: as recorded, or right before the EOCD for prefixed zips. */
function directoryStart(b: Uint8Array, eocd: number): number {
  const size = u32(b, eocd + 12);
  const recorded = u32(b, eocd + 16);
  if (recorded + 4 <= b.length && isSig(b, recorded, 1, 2)) return recorded;
  // Self-extracting or prefixed archives shift every offset; ZIP64 records 0xFFFFFFFF here.
  const before = eocd - size;
  return before >= 0 && isSig(b, before, 1, 2) ? before : -1;
}

function readDirectory(b: Uint8Array, eocd: number, skipped: string[]): Entry[] {
  const start = directoryStart(b, eocd);
  if (start < 0) return [];
  const end = Math.min(eocd, start + MAX_ARCHIVE_SCAN_BYTES);
  if (eocd - start > MAX_ARCHIVE_SCAN_BYTES) skipped.push('central directory beyond the scan limit');
  const entries: Entry[] = [];
  let at = start;
  while (at + 46 <= end && isSig(b, at, 1, 2) && entries.length < MAX_ARCHIVE_MEMBERS) {
    const nameLength = u16(b, at + 28);
    if (at + 46 + nameLength > b.length) break;
    entries.push({
      name: decoder.decode(b.subarray(at + 46, at + 46 + nameLength)),
      method: u16(b, at + 10),
      compressedSize: u32(b, at + 20),
      localOffset: u32(b, at + 42),
    });
    at += 46 + nameLength + u16(b, at + 30) + u16(b, at + 32);
  }
  return entries;
}

/**
 * Local file headers and stray directory records from the start of the archive, when there is no
 * usable end record (a truncated or hand-made zip that some tools still open).
 */
function scanForward(b: Uint8Array): Entry[] {
  const end = Math.min(b.length, MAX_ARCHIVE_SCAN_BYTES);
  const entries: Entry[] = [];
  for (let at = 0; at + 30 <= end && entries.length < MAX_ARCHIVE_MEMBERS; at++) {
    const local = isSig(b, at, 3, 4);
    if (!local && !(isSig(b, at, 1, 2) && at + 46 <= b.length)) continue;
    const head = local ? 30 : 46;
    const nameLength = u16(b, at + (local ? 26 : 28));
    if (at + head + nameLength > b.length) break;
    entries.push({
      name: decoder.decode(b.subarray(at + head, at + head + nameLength)),
      method: u16(b, at + (local ? 8 : 10)),
      compressedSize: u32(b, at + (local ? 18 : 20)),
      localOffset: local ? at : u32(b, at + 42),
    });
    at += head - 1 + nameLength;
  }
  return entries;
}

/** The bytes of a stored or deflated member, or null when it cannot or must not be unpacked. */
function memberBytes(b: Uint8Array, entry: Entry): Uint8Array | null {
  const at = entry.localOffset;
  if (at + 30 > b.length || !isSig(b, at, 3, 4)) return null;
  const start = at + 30 + u16(b, at + 26) + u16(b, at + 28);
  const size = entry.compressedSize;
  if (size > MAX_NESTED_ARCHIVE_BYTES || start + size > b.length) return null;
  const data = b.subarray(start, start + size);
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    // maxOutputLength makes a bomb throw instead of inflating to gigabytes.
    return inflateRawSync(data, { maxOutputLength: MAX_NESTED_ARCHIVE_BYTES });
  } catch {
    return null;
  }
}

function isZipName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.zip') || lower.endsWith('.jar');
}

function scanInto(
  b: Uint8Array,
  prefix: string,
  depth: number,
  scan: ZipScan,
  budget: { left: number },
): void {
  const eocd = findEocd(b);
  let entries = eocd >= 0 ? readDirectory(b, eocd, scan.skipped) : [];
  if (entries.length === 0) entries = scanForward(b);
  const seen = new Set<string>();
  for (const entry of entries) {
    if (scan.names.length >= MAX_ARCHIVE_MEMBERS) return;
    // A forward scan meets each member twice (local header and directory record).
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    scan.names.push(prefix + entry.name);
    if (!isZipName(entry.name)) continue;
    if (depth >= MAX_ARCHIVE_DEPTH || budget.left <= 0) {
      scan.skipped.push(`${prefix}${entry.name}: archive nested too deep or too many`);
      continue;
    }
    budget.left--;
    const inner = memberBytes(b, entry);
    if (inner === null) scan.skipped.push(`${prefix}${entry.name}: could not be unpacked within the limits`);
    else scanInto(inner, `${prefix}${entry.name}/`, depth + 1, scan, budget);
  }
}

/**
 * @example
 * scanZip(bytes).names; // ['invoice.pdf', 'inner.zip', 'inner.zip/setup.exe']
 */
export function scanZip(bytes: Uint8Array): ZipScan {
  const scan: ZipScan = { names: [], skipped: [] };
  scanInto(bytes, '', 1, scan, { left: MAX_NESTED_ARCHIVES });
  return scan;
}
