/**
 * Analysis of pasted text (input with no mail headers): provider webhook JSON, DSN fields copied
 * out of a report, or free text scanned for every rejection it holds (paste.ts). Nothing found is
 * data (`problem: 'no-rejection-found'` and a sentence), never a silent empty success.
 */
import { sesRecipient, withReason } from './analyze-reports.js';
import type { AttributionContext } from './attribution.js';
import { findEnhancedStatus } from './codes.js';
import { parseDeliveryStatus } from './dsn.js';
import type { MimeMessage } from './mime.js';
import { findRejections, stripAnsi } from './paste.js';
import { buildRecipient } from './recipient.js';
import { parseSesNotification } from './ses-json.js';
import type { BounceReport, OriginalHeaders, RecipientResult } from './types.js';
import { parseWebhookJson } from './webhook-json.js';

const NO_ORIGINAL: OriginalHeaders = { messageId: null, from: null, to: null, subject: null, date: null };

export const NO_REJECTION_SENTENCE =
  'no rejection found: the text holds no SMTP reply, status code or refusal wording';

function report(
  recipients: RecipientResult[],
  problem: BounceReport['problem'],
  warning: string | null,
): BounceReport {
  const delivered = recipients.length > 0 && recipients.every((r) => r.reason === 'delivered');
  const kind = recipients.length === 0 ? 'not-bounce' : delivered ? 'delivered' : 'bounce';
  return {
    kind,
    isBounce: kind === 'bounce',
    recipients,
    original: NO_ORIGINAL,
    subject: null,
    from: null,
    warning,
    problem,
  };
}

/** NUL and other C0 controls (not tab, newline, carriage return, form feed) mark binary input. */
export function hasControlBytes(text: string): boolean {
  const end = Math.min(text.length, 4096);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32) || c === 127) return true;
  }
  return false;
}

function fromJson(text: string, ctx: AttributionContext): RecipientResult[] | null {
  const ses = parseSesNotification(text);
  if (ses && ses.type === 'bounce') return ses.recipients.map((r) => sesRecipient(r, ses.reportingMta, ctx));
  const events = parseWebhookJson(text);
  return events
    ? events.map((e) => {
        const built = buildRecipient(
          e.address,
          e.diagnostic,
          '',
          { status: e.status },
          null,
          e.diagnostic,
          ctx,
        );
        return e.suppressed ? withReason(built, 'suppressed') : built;
      })
    : null;
}

function fromDsnFields(text: string, ctx: AttributionContext): RecipientResult[] {
  const at = text.search(/^(?:final|original|reporting)-(?:recipient|mta)\s*:/im);
  const dsn = parseDeliveryStatus(text.slice(at));
  return dsn.recipients.map((r) => {
    const address = r.finalRecipient ?? r.originalRecipient;
    // No Diagnostic-Code: the report's own line for the address ("<a@b>: Spam message rejected").
    const diagnostic = r.diagnostic ?? (address ? reportLineFor(text.slice(0, at), address) : null);
    return buildRecipient(address, diagnostic, '', r, dsn.reportingMta, text, ctx);
  });
}

/** A Postfix-style report paragraph "<address>: words" (continuation lines indented), or null. */
function reportLineFor(report: string, address: string): string | null {
  const start = report.toLowerCase().indexOf(`<${address.toLowerCase()}>`);
  if (start < 0) return null;
  const paragraph = report.slice(start).split(/\n[ \t]*\n/, 1)[0]!;
  const words = paragraph.slice(address.length + 2).replace(/^[^:]*?:\s*/, '');
  return words.trim() === '' ? null : words.replace(/\s+/g, ' ').trim();
}

/** Analyses pasted text; `text` has its line ends normalised to LF. */
export function analyzePaste(text: string, ctx: AttributionContext): BounceReport {
  if (text.trim() === '') return report([], 'empty', 'empty input');
  const clean = stripAnsi(text);
  if (hasControlBytes(clean)) return report([], 'binary', 'binary input: not a mail message or SMTP text');
  if (/^\s*[[{]/.test(clean)) {
    const fromWebhook = fromJson(clean, ctx);
    if (fromWebhook && fromWebhook.length > 0) return report(fromWebhook, null, null);
  }
  if (/^final-recipient\s*:/im.test(clean)) {
    const fromFields = fromDsnFields(clean, ctx);
    if (fromFields.length > 0) return report(fromFields, null, null);
  }
  const recipients = findRejections(clean).map((r) =>
    buildRecipient(
      r.address,
      r.text,
      '',
      // A log line's own status (Postfix "dsn=5.0.0") stands where the reply carries none, as a DSN's Status.
      {
        diagnosticType: r.diagnosticType,
        status: r.context === r.text ? null : findEnhancedStatus(r.context),
      },
      null,
      r.context,
      ctx,
      true,
    ),
  );
  return recipients.length > 0
    ? report(recipients, null, null)
    : report([], 'no-rejection-found', NO_REJECTION_SENTENCE);
}

/** Headers that only mail carries: input without any of them is pasted text, not a message. */
const MAIL_HEADERS = new Set([
  'from',
  'to',
  'subject',
  'date',
  'received',
  'message-id',
  'return-path',
  'mime-version',
  'content-type',
  'delivered-to',
  'x-failed-recipients',
  'sender',
  'reply-to',
  'dkim-signature',
  'auto-submitted',
]);

export function isPaste(mime: MimeMessage): boolean {
  return !mime.hasHeaders || !mime.headers.some((h) => MAIL_HEADERS.has(h.name));
}

/** Pasted text is usually UTF-8 (a web console, a terminal); fall back to one char per byte. */
export function pastedText(input: Uint8Array | string, raw: string, max: number): string {
  if (typeof input === 'string') return raw;
  const utf8 = Buffer.from(input.buffer, input.byteOffset, Math.min(input.byteLength, max)).toString('utf8');
  return utf8.includes('\uFFFD') ? raw : utf8.replace(/\r\n?/g, '\n');
}
