/**
 * RFC 3464 delivery-status parsing: one per-message field group, then one group per recipient,
 * groups separated by blank lines (RFC 3464 §2.1). Field values of type "rfc822;", "smtp;",
 * "dns;" are returned without the type prefix.
 */
import { DEFAULTS } from './defaults.js';
import { type HeaderField, parseHeaderBlock } from './mime.js';

/** Recipient groups read from one delivery-status part: a report with 10,000 groups is cut here. */
export const MAX_DSN_RECIPIENTS = DEFAULTS.maxDsnRecipients;

export interface DsnRecipient {
  finalRecipient: string | null;
  originalRecipient: string | null;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  /** The Diagnostic-Code type (RFC 3464 §2.3.6), lower-cased: "smtp", "x-unix" (a local program), "x-postfix"... */
  diagnosticType: string | null;
  remoteMta: string | null;
  lastAttemptDate: string | null;
}

export interface DeliveryStatus {
  reportingMta: string | null;
  arrivalDate: string | null;
  recipients: DsnRecipient[];
}

function field(fields: readonly HeaderField[], name: string): string | null {
  for (const f of fields) if (f.name === name && f.value !== '') return f.value;
  return null;
}

/** Removes the address-type or MTA-name-type prefix: "rfc822; a@b" -> "a@b". */
export function stripTypePrefix(value: string | null): string | null {
  if (value === null) return null;
  const m = /^\s*(?:[a-z][a-z0-9-]{1,20})\s*;\s*/i.exec(value);
  const out = (m ? value.slice(m[0].length) : value).trim();
  return out === '' ? null : out;
}

/** The type before ";" in a typed field ("X-Unix; 255" -> "x-unix"), or null. */
export function typePrefix(value: string | null): string | null {
  const m = value === null ? null : /^\s*([a-z][a-z0-9-]{1,20})\s*;/i.exec(value);
  return m ? m[1]!.toLowerCase() : null;
}

function cleanAddress(value: string | null): string | null {
  const v = stripTypePrefix(value);
  if (v === null) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(v);
  return (m ? m[1]! : v.split(/\s/)[0]!).replace(/^<|>$/g, '').replace(/^"|"$/g, '') || null;
}

/** Some MTAs (AOL) omit the blank line between recipient groups: a second Final-Recipient starts a new one. */
function splitRecipientFields(fields: HeaderField[]): HeaderField[][] {
  const out: HeaderField[][] = [[]];
  for (const f of fields) {
    const current = out[out.length - 1]!;
    if (f.name === 'final-recipient' && current.some((c) => c.name === 'final-recipient')) out.push([f]);
    else current.push(f);
  }
  return out;
}

export function parseDeliveryStatus(text: string): DeliveryStatus {
  const groups = text.split(/\r?\n[ \t]*\r?\n/).filter((g) => g.trim() !== '');
  const result: DeliveryStatus = { reportingMta: null, arrivalDate: null, recipients: [] };
  for (const fields of groups.flatMap((group) =>
    splitRecipientFields(parseHeaderBlock(group.replace(/^\s*\r?\n/, ''))),
  )) {
    if (fields.length === 0) continue;
    const final = field(fields, 'final-recipient');
    const original = field(fields, 'original-recipient');
    const reporting = field(fields, 'reporting-mta');
    if (reporting && !result.reportingMta) result.reportingMta = stripTypePrefix(reporting);
    const arrival = field(fields, 'arrival-date');
    if (arrival && !result.arrivalDate) result.arrivalDate = arrival;
    if (
      final === null &&
      original === null &&
      field(fields, 'action') === null &&
      field(fields, 'status') === null
    ) {
      continue;
    }
    if (result.recipients.length >= MAX_DSN_RECIPIENTS) break;
    result.recipients.push({
      finalRecipient: cleanAddress(final),
      originalRecipient: cleanAddress(original),
      action: field(fields, 'action')?.toLowerCase().split(/[\s(]/)[0] ?? null,
      status: field(fields, 'status'),
      diagnostic: stripTypePrefix(field(fields, 'diagnostic-code')),
      diagnosticType: typePrefix(field(fields, 'diagnostic-code')),
      remoteMta: stripTypePrefix(field(fields, 'remote-mta')),
      lastAttemptDate: field(fields, 'last-attempt-date'),
    });
  }
  return result;
}

/** Parses an ARF feedback report (RFC 5965 §3.1): the feedback type and the original recipients. */
export function parseFeedbackReport(text: string): { feedbackType: string; recipients: string[] } {
  const fields = parseHeaderBlock(text.replace(/^\s*\r?\n/, '').replace(/\r?\n[ \t]*\r?\n/g, '\n'));
  const recipients: string[] = [];
  for (const f of fields) {
    if (f.name === 'original-rcpt-to' || f.name === 'removal-recipient') {
      const address = cleanAddress(f.value);
      if (address) recipients.push(address);
    }
  }
  return { feedbackType: (field(fields, 'feedback-type') ?? 'abuse').toLowerCase(), recipients };
}
