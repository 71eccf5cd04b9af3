import { loadBuiltinCatalog } from '../check/catalog.js';
import { analyzePaste, isPaste, pastedText } from './analyze-paste.js';
import { addressOf, feedbackRecipients, fromSes } from './analyze-reports.js';
import type { AttributionContext } from './attribution.js';
import { reasonFromText } from './classify.js';
import { findEnhancedStatus, findReplyCode } from './codes.js';
import { type BounceOptions, DEFAULTS } from './defaults.js';
import { parseDeliveryStatus } from './dsn.js';
import { detectKind, type KindEvidence } from './kind.js';
import { builtinListNames } from './list-names.js';
import {
  decodeHeader,
  getHeader,
  type HeaderField,
  type MimeMessage,
  type MimePart,
  parseHeaderBlock,
  parseMime,
  splitHeaderBody,
} from './mime.js';
import { buildRecipient, simpleRecipient } from './recipient.js';
import { parseSesNotification } from './ses-json.js';
import { reportDiagnostic, scanRecipients, splitAtOriginal } from './text-scan.js';
import type { BounceReport, OriginalHeaders, RecipientResult } from './types.js';

/** Bytes analysed per message: a 50 MB bounce is read for its first 8 MB (reports come first). */
export const MAX_ANALYSED_BYTES = DEFAULTS.maxAnalysedBytes;

const DSN_TYPES = new Set(['message/delivery-status', 'message/global-delivery-status']);
const ORIGINAL_TYPES = new Set([
  'message/rfc822',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
  'message/partial',
]);

export function toBinaryString(bytes: Uint8Array, max = MAX_ANALYSED_BYTES): string {
  const length = Math.min(bytes.byteLength, max);
  return Buffer.from(bytes.buffer, bytes.byteOffset, length).toString('latin1');
}

/**
 * Every tag of at most 2,000 characters ("<" to the next ">") as one space, as
 * `replace(/<[^>]{0,2000}>/g, ' ')` does, in one pass: that pattern was 2 % of a bounce run.
 */
function blankTags(html: string): string {
  let out = '';
  let from = 0;
  let close = -1;
  for (let open = html.indexOf('<'); open >= 0; ) {
    // The next ">" after this "<"; one found past an earlier "<" serves until it is passed.
    if (close <= open) close = html.indexOf('>', open + 1);
    if (close < 0) break;
    if (close - open - 1 <= 2000) {
      out += `${html.slice(from, open)} `;
      from = close + 1;
      open = html.indexOf('<', from);
    } else open = html.indexOf('<', open + 1);
  }
  return out + html.slice(from);
}

function htmlToText(html: string): string {
  return blankTags(html.replace(/<(?:br|\/p|\/div|\/tr|\/li)[^>]{0,200}>/gi, '\n'))
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface Sections {
  reportText: string;
  originalText: string;
  dsn: MimePart[];
  feedback: MimePart | null;
}

function collectSections(mime: MimeMessage): Sections {
  const texts: string[] = [];
  let originalText = '';
  const dsn: MimePart[] = [];
  let feedback: MimePart | null = null;
  for (const part of mime.parts) {
    if (DSN_TYPES.has(part.type)) dsn.push(part);
    else if (part.type === 'message/feedback-report') feedback = part;
    else if (ORIGINAL_TYPES.has(part.type)) originalText ||= part.text;
    else if (part.type === 'text/plain' || part.type === 'text/html') {
      if (part.type === 'text/html' && texts.length > 0) continue;
      texts.push(part.type === 'text/html' ? htmlToText(part.text) : part.text);
    }
  }
  const joined = texts.join('\n');
  // DSN fields written into a text part (a report whose MIME structure was lost) are read as a DSN.
  if (dsn.length === 0) {
    const at = joined.search(/^(?:final|original)-recipient\s*:/im);
    if (at >= 0) {
      const start = joined.lastIndexOf('\n\n', at);
      dsn.push({
        headers: [],
        type: 'message/delivery-status',
        text: joined.slice(start < 0 ? at : start),
        depth: 0,
      });
    }
  }
  const split = splitAtOriginal(joined);
  return { reportText: split.report, originalText: originalText || split.original, dsn, feedback };
}

function readOriginal(text: string): OriginalHeaders {
  const { head } = splitHeaderBody(text.replace(/^\s+/, ''));
  const headers = parseHeaderBlock(head);
  const get = (name: string): string | null => {
    const v = getHeader(headers, name);
    return v === null ? null : decodeHeader(v);
  };
  return {
    messageId: get('message-id'),
    from: get('from'),
    to: get('to'),
    subject: get('subject'),
    date: get('date'),
  };
}

function fromDsn(
  parts: MimePart[],
  sections: Sections,
  exclude: Set<string>,
  lists: AttributionContext,
): RecipientResult[] {
  const out: RecipientResult[] = [];
  // The report text is scanned only when a recipient's Diagnostic-Code is missing or says too little.
  let findings: ReturnType<typeof scanRecipients> | null = null;
  let report: string | null = null;
  for (const part of parts) {
    const dsn = parseDeliveryStatus(part.text);
    for (const r of dsn.recipients) {
      const address = r.finalRecipient ?? r.originalRecipient;
      let fallback = '';
      if (needsFallback(r.diagnostic)) {
        findings ??= scanRecipients(sections.reportText, exclude);
        const lower = address?.toLowerCase();
        const finding = lower ? findings.find((f) => f.address.toLowerCase() === lower) : undefined;
        const single = findings.length <= 1 ? findings[0]?.diagnostic : undefined;
        report ??= reportDiagnostic(sections.reportText);
        fallback = finding?.diagnostic ?? single ?? report;
      }
      const diagnostic = r.diagnostic ?? statusComment(r.status);
      out.push(
        buildRecipient(address, diagnostic, fallback, r, dsn.reportingMta, sections.reportText, lists),
      );
    }
  }
  return out;
}

/**
 * With no Diagnostic-Code, a comment in the Status field that states a known cause is the
 * recipient's own diagnostic ("Status: 4.0.0 (example.net: host name lookup failure)", sendmail).
 */
function statusComment(status: string | null): string | null {
  const m = status ? /\(([^()]{4,300})\)/.exec(status) : null;
  return m && reasonFromText(m[1]!) !== null ? m[1]!.trim() : null;
}

/** A Diagnostic-Code that is absent, cut after the first line of a multi-line reply, or wordless. */
function needsFallback(diagnostic: string | null): boolean {
  const diag = diagnostic?.trim() ?? '';
  if (diag === '' || /^[245]\d\d-/.test(diag)) return true;
  return findReplyCode(diag) === null && !/[a-z]{4}/i.test(diag);
}

function fromText(
  sections: Sections,
  headers: readonly HeaderField[],
  exclude: Set<string>,
  lists: AttributionContext,
): RecipientResult[] {
  const report = sections.reportText;
  const failed = (getHeader(headers, 'x-failed-recipients') ?? '')
    .split(/[\s,]+/)
    .filter((a) => a.includes('@'));
  let findings = scanRecipients(report, exclude);
  if (failed.length > 0) {
    const wanted = new Set(failed.map((a) => a.toLowerCase()));
    const matched = findings.filter((f) => wanted.has(f.address.toLowerCase()));
    findings = matched.length > 0 ? matched : failed.map((address) => ({ address, diagnostic: '' }));
  }
  const whole = reportDiagnostic(report);
  if (findings.length === 0) return [buildRecipient(null, null, whole, {}, null, report, lists)];
  return findings.map((f) => {
    // The words after an address are its reason when they say something (a code, or a few words
    // besides addresses); a bare address list leaves the whole report as the reason.
    const words = f.diagnostic.replace(/\S+@\S+/g, ' ').match(/[a-z]{2,}/gi)?.length ?? 0;
    const useWhole =
      !findReplyCode(f.diagnostic) &&
      !findEnhancedStatus(f.diagnostic) &&
      (findings.length === 1 || words < 4);
    return buildRecipient(f.address, useWhole ? whole : f.diagnostic, whole, {}, null, report, lists);
  });
}

/**
 * Analyses one message, or pasted text (an SMTP reply, a log, a DSN fragment, webhook JSON).
 * Never throws; unreadable input or input holding no rejection is reported in `problem`.
 */
export function analyzeBounce(input: Uint8Array | string, options: BounceOptions = {}): BounceReport {
  const max = options.maxAnalysedBytes ?? DEFAULTS.maxAnalysedBytes;
  const lists: AttributionContext = {
    catalog: options.catalog ?? loadBuiltinCatalog(),
    names: builtinListNames(),
  };
  let raw = typeof input === 'string' ? input.slice(0, max) : toBinaryString(input, max);
  // Mixed CR, LF and CRLF line ends (a paste through several tools) would hide header lines.
  if (raw.includes('\r')) raw = raw.replace(/\r\n?/g, '\n');
  if (raw.startsWith('From ')) raw = raw.slice(raw.indexOf('\n') + 1);
  const mime = parseMime(raw);
  if (isPaste(mime)) return analyzePaste(pastedText(input, raw, max), lists);
  return analyzeMessage(mime, lists);
}

function analyzeMessage(mime: MimeMessage, lists: AttributionContext): BounceReport {
  const sections = collectSections(mime);
  const headers = mime.headers;
  const original = readOriginal(sections.originalText);
  const evidence: KindEvidence = {
    mime,
    reportText: sections.reportText,
    hasDsn: sections.dsn.length > 0,
    hasFeedback: sections.feedback !== null,
    hasOriginal: /\S/.test(sections.originalText),
  };
  const kind = detectKind(evidence);
  const subject = getHeader(headers, 'subject');
  const base = {
    original,
    subject: subject === null ? null : decodeHeader(subject),
    from: getHeader(headers, 'from'),
    warning: kind.warning,
    problem: null,
  };
  const ses = sections.dsn.length === 0 ? parseSesNotification(sections.reportText) : null;
  if (ses) return fromSes(ses, base, lists);
  if (kind.kind === 'feedback' && sections.feedback) {
    const recipients = feedbackRecipients(sections.feedback, original);
    return { kind: 'feedback', isBounce: false, recipients, ...base };
  }
  if (kind.kind === 'auto-reply') {
    const recipients = [simpleRecipient(addressOf(base.from), 'vacation')];
    return { kind: 'auto-reply', isBounce: false, recipients, ...base };
  }
  if (kind.kind === 'not-bounce') {
    const warning = base.warning ?? NO_BOUNCE_SENTENCE;
    return {
      kind: 'not-bounce',
      isBounce: false,
      recipients: [],
      ...base,
      warning,
      problem: 'no-rejection-found',
    };
  }
  const recipients = bounceRecipients(sections, headers, original, lists);
  const delivered = recipients.every((r) => r.reason === 'delivered');
  return { kind: delivered ? 'delivered' : 'bounce', isBounce: !delivered, recipients, ...base };
}

const NO_BOUNCE_SENTENCE = 'not a bounce: the message reports no failed delivery';

/** Failed recipients from the DSN parts, else from the report text (the bounce's own parties excluded). */
function bounceRecipients(
  sections: Sections,
  headers: readonly HeaderField[],
  original: OriginalHeaders,
  lists: AttributionContext,
): RecipientResult[] {
  const exclude = new Set(
    [getHeader(headers, 'from'), getHeader(headers, 'to'), original.from, getHeader(headers, 'return-path')]
      .map(addressOf)
      .filter((a): a is string => a !== null)
      .map((a) => a.toLowerCase()),
  );
  const recipients = sections.dsn.length > 0 ? fromDsn(sections.dsn, sections, exclude, lists) : [];
  return recipients.length > 0 ? recipients : fromText(sections, headers, exclude, lists);
}
