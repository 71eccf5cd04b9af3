/**
 * Rules over attachments: programs and scripts, double extensions, macro documents, zip archives
 * holding programs (member names read from the zip central directory, APPNOTE §4.3.12), web-page
 * attachments and the password forms inside them, and configuration profiles.
 */
import type { Attachment } from '../mail/parse.js';
import data from './attachments.json' with { type: 'json' };
import type { Findings } from './catalog.js';
import { scanHtml } from './html-scan.js';
import { MAX_ATTACHMENTS, MAX_HTML_ATTACHMENT_CHARS } from './limits.js';
import { isRandomToken } from './text-rules.js';
import type { AttachmentInfo } from './types.js';
import { scanZip } from './zip.js';

const PROGRAMS = new Set(data.programs);
const MACROS = new Set(data.macroDocuments);
const ARCHIVES = new Set(data.archives);
const WEB_PAGES = new Set(data.webPages);
const RISKY = new Set(data.risky);
const DOCUMENT_LIKE = new Set(data.documentLike);
const PROGRAM_TYPES = new Set(data.programMimeTypes);
const OPAQUE_ARCHIVES = new Set(data.opaqueArchives);
const LEGACY_OFFICE = new Set(data.legacyOffice);
const LURE_NAME_WORDS = new Set(data.lureNameWords);

/**
 * True when a file name speaks of an invoice, an order, a payment or a scanned document
 * ("INV-323489.doc", "PO#UZ000_pdf.ace", "Payment.gz"): names split at anything not a letter or
 * digit, extensions included; CJK words as substrings.
 */
export function hasLureName(filename: string): boolean {
  let word = '';
  for (const ch of `${filename.toLowerCase()} `) {
    const code = ch.codePointAt(0)!;
    if ((code >= 0x61 && code <= 0x7a) || code > 0x2fff) {
      word += ch;
      continue;
    }
    if (word !== '' && LURE_NAME_WORDS.has(word)) return true;
    if (word !== '' && code > 0x2fff) continue;
    word = '';
  }
  for (const w of LURE_NAME_WORDS) if (w.codePointAt(0)! > 0x2fff && filename.includes(w)) return true;
  return false;
}

/** Images keep camera and tool names (IMG_1234, image001); their names say nothing here. */
const IMAGE_EXTENSIONS = new Set(data.imageExtensions);

/** Share of neighbouring characters that change class (upper, lower, digit) above which a name is scrambled. */
const SCRAMBLED_CHANGE_SHARE = 0.5;
const MIN_SCRAMBLED_CHANGES = 4;

function classOf(code: number): 'u' | 'l' | 'd' | null {
  if (code >= 0x41 && code <= 0x5a) return 'u';
  if (code >= 0x61 && code <= 0x7a) return 'l';
  if (code >= 0x30 && code <= 0x39) return 'd';
  return null;
}

/**
 * Letters and digits only, upper, lower and digits all present, and the class changing at
 * almost every other character ("RbJhef1j0", "sSZt7uix"); "Report2024Q1" and "iPhone13Pro"
 * change too seldom.
 */
export function isScrambledName(stem: string): boolean {
  if (stem.length < 8) return false;
  const seen = new Set<string>();
  let changes = 0;
  let previous: string | null = null;
  for (let i = 0; i < stem.length; i++) {
    const c = classOf(stem.charCodeAt(i));
    if (c === null) return false;
    seen.add(c);
    if (previous !== null && c !== previous) changes++;
    previous = c;
  }
  return (
    seen.size === 3 &&
    changes >= MIN_SCRAMBLED_CHANGES &&
    changes / (stem.length - 1) > SCRAMBLED_CHANGE_SHARE
  );
}

/**
 * A document whose whole name is a machine-made token ("U1vn48GmdQr.pdf", "dbgejVNMGFU.pdf"):
 * mass mailers name each copy at random so that no two hashes match; people and business
 * systems name documents with words, dates or numbers.
 */
function checkRandomName(label: string, ext: string[], out: Findings): void {
  const last = ext[ext.length - 1] ?? '';
  if (ext.length !== 1 || IMAGE_EXTENSIONS.has(last)) return;
  const stem = label.slice(0, label.length - last.length - 1);
  if (isRandomToken(stem) || isScrambledName(stem))
    out.add('random-attachment-name', `the attachment ${label} has a machine-made random name`, label);
}

/**
 * An invoice or order in a container a mail gateway cannot look into (an .ace, .rar or .gz
 * archive) or in an old Office format that can carry macros: the malspam pattern. A kernel
 * log as config.gz or a CV as cv.doc carries no such name.
 */
function checkLureContainer(label: string, last: string, out: Findings): void {
  if (!hasLureName(label)) return;
  if (OPAQUE_ARCHIVES.has(last))
    out.add(
      'opaque-archive-lure',
      `the attachment ${label} is named as a business document but packed in a .${last} archive that cannot be checked`,
      label,
    );
  else if (LEGACY_OFFICE.has(last))
    out.add(
      'legacy-office-lure',
      `the attachment ${label} is named as a business document in an old Office format that can carry macros`,
      label,
    );
}

/** Lower-case extensions of a file name, last one last ("a.pdf .exe" -> ["pdf", "exe"]). */
export function extensions(filename: string): string[] {
  const parts = filename.toLowerCase().split('.');
  return parts.slice(1).map((p) => p.trim());
}

function bytesOf(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/** Member names of a zip, nested zips' members as `inner.zip/name` (zip.ts). */
export function zipMemberNames(bytes: Uint8Array): string[] {
  return scanZip(bytes).names;
}

function isProgramName(name: string): boolean {
  const ext = extensions(name);
  return ext.length > 0 && PROGRAMS.has(ext[ext.length - 1]!);
}

function checkProgram(name: string, ext: string[], mimeType: string, out: Findings): void {
  const last = ext[ext.length - 1] ?? '';
  const previous = ext[ext.length - 2];
  if (PROGRAMS.has(last) && previous !== undefined && DOCUMENT_LIKE.has(previous)) {
    out.add(
      'double-extension',
      `the attachment ${name} pretends to be a .${previous} file but is a .${last} program`,
      name,
    );
  } else if (PROGRAMS.has(last) || PROGRAM_TYPES.has(mimeType)) {
    out.add(
      'dangerous-attachment',
      `the attachment ${name} is a program (.${last || mimeType}) that runs when opened`,
      name,
    );
  }
}

function checkArchive(name: string, bytes: Uint8Array, out: Findings): void {
  const scan = scanZip(bytes);
  if (scan.skipped.length > 0)
    out.add(
      'beyond-limits',
      `the archive ${name} is built so that part of it could not be read within the limits`,
      `${name}: ${scan.skipped[0]}`,
    );
  const programs = scan.names.filter(isProgramName);
  if (programs.length > 0)
    out.add(
      'archive-with-program',
      `the archive ${name} holds the program ${programs[0]}`,
      `${name}: ${programs.join(', ').slice(0, 200)}`,
    );
}

function checkWebPage(name: string, bytes: Uint8Array, out: Findings): void {
  out.add('html-attachment', `the attachment ${name} is a web page that opens in the browser`, name);
  const html = new TextDecoder('utf-8', { fatal: false }).decode(
    bytes.subarray(0, MAX_HTML_ATTACHMENT_CHARS),
  );
  const scan = scanHtml(html);
  if (scan.forms.some((f) => f.passwordFields > 0))
    out.add('credential-form', `the attached page ${name} asks for a password`, name);
}

/** Runs the attachment rules; returns what was examined, for the report. */
export function checkAttachments(attachments: readonly Attachment[], out: Findings): AttachmentInfo[] {
  const infos: AttachmentInfo[] = [];
  for (const attachment of attachments.slice(0, MAX_ATTACHMENTS)) {
    const bytes = bytesOf(attachment.content);
    const name = attachment.filename ?? '';
    const mimeType = attachment.mimeType.toLowerCase();
    infos.push({ filename: name, mimeType, size: bytes.length });
    const ext = extensions(name);
    const last = ext[ext.length - 1] ?? '';
    const label = name || `(unnamed ${mimeType})`;
    checkProgram(label, ext, mimeType, out);
    if (MACROS.has(last))
      out.add('macro-document', `the attachment ${label} is an Office document with macros`, label);
    if (ARCHIVES.has(last) || mimeType === 'application/zip') checkArchive(label, bytes, out);
    if (WEB_PAGES.has(last) || (name !== '' && mimeType === 'text/html')) checkWebPage(label, bytes, out);
    checkLureContainer(label, last, out);
    checkRandomName(name, ext, out);
    if (RISKY.has(last))
      out.add(
        'risky-attachment',
        `the attachment ${label} is a .${last} file, which installs or mounts something when opened`,
        label,
      );
  }
  return infos;
}
