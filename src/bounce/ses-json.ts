/**
 * Amazon SES event notifications (Bounce, Complaint, Delivery) delivered by e-mail through SNS:
 * JSON rather than a DSN. Shape documented at
 * https://docs.aws.amazon.com/ses/latest/dg/notification-contents.html
 */
import { REASON_DATA } from './reasons-data.js';
import type { BounceReason } from './types.js';

/** JSON parsed per message: a notification is a few kilobytes; a 50 MB blob is not parsed. */
export const MAX_SES_JSON_CHARS = 1024 * 1024;

export interface SesRecipient {
  address: string;
  action: string | null;
  status: string | null;
  diagnostic: string | null;
  /** Set for Bounce subtypes that name the reason outright (suppression lists). */
  suppressed: boolean;
  /** SES's bounceSubType ("NoEmail", "MailboxFull"...), when given. */
  subtype: string | null;
}

export interface SesNotification {
  type: 'bounce' | 'complaint' | 'delivery';
  recipients: SesRecipient[];
  reportingMta: string | null;
  feedbackType: string | null;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}
function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parseJson(text: string): Json | null {
  try {
    return asObject(JSON.parse(text));
  } catch {
    return null;
  }
}

/** The notification object, unwrapped from an SNS envelope ({"Type":"Notification","Message":"{...}"}) if needed. */
function findNotification(body: string): Json | null {
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start || end - start > MAX_SES_JSON_CHARS) return null;
  const json = body.slice(start, end + 1);
  // Mail transports fold long lines, which breaks JSON strings: retry with the folds undone.
  const outer = parseJson(json) ?? parseJson(json.replace(/\r?\n[ \t]?/g, ''));
  if (!outer) return null;
  if (asString(outer.notificationType) || asString(outer.eventType)) return outer;
  const inner = asString(outer.Message);
  return inner ? parseJson(inner) : null;
}

function stripType(value: string | null): string | null {
  return value === null ? null : value.replace(/^\s*[a-z][a-z0-9-]{1,20}\s*;\s*/i, '');
}

export function parseSesNotification(body: string): SesNotification | null {
  if (!body.includes('notificationType') && !body.includes('eventType')) return null;
  const n = findNotification(body);
  if (!n) return null;
  const kind = (asString(n.notificationType) ?? asString(n.eventType) ?? '').toLowerCase();
  if (kind === 'bounce') return readBounce(asObject(n.bounce) ?? {});
  if (kind === 'complaint') return readComplaint(asObject(n.complaint) ?? {});
  if (kind === 'delivery') return readDelivery(asObject(n.delivery) ?? {});
  return null;
}

function readBounce(bounce: Json): SesNotification {
  const suppressed = /suppress/i.test(asString(bounce.bounceSubType) ?? '');
  const recipients = asArray(bounce.bouncedRecipients).flatMap((r) => {
    const o = asObject(r);
    const address = o ? asString(o.emailAddress) : null;
    if (!o || !address) return [];
    const diagnostic = stripType(asString(o.diagnosticCode));
    const subtype = asString(bounce.bounceSubType);
    return [
      { address, action: asString(o.action), status: asString(o.status), diagnostic, suppressed, subtype },
    ];
  });
  return {
    type: 'bounce',
    recipients,
    reportingMta: stripType(asString(bounce.reportingMTA)),
    feedbackType: null,
  };
}

function readComplaint(complaint: Json): SesNotification {
  const recipients = asArray(complaint.complainedRecipients).flatMap((r) => {
    const address = asString(asObject(r)?.emailAddress);
    return address
      ? [{ address, action: null, status: null, diagnostic: null, suppressed: false, subtype: null }]
      : [];
  });
  const feedbackType = asString(complaint.complaintFeedbackType) ?? 'abuse';
  return { type: 'complaint', recipients, reportingMta: null, feedbackType };
}

function readDelivery(delivery: Json): SesNotification {
  const response = asString(delivery.smtpResponse);
  const recipients = asArray(delivery.recipients).flatMap((r) => {
    const address = asString(r);
    return address
      ? [
          {
            address,
            action: 'delivered',
            status: null,
            diagnostic: response,
            suppressed: false,
            subtype: null,
          },
        ]
      : [];
  });
  return { type: 'delivery', recipients, reportingMta: asString(delivery.reportingMTA), feedbackType: null };
}

/**
 * The reason SES's bounceSubType states when the receiving server's words are missing (no
 * diagnosticCode): reasons.json `sesBounceSubtypes`.
 */
export function reasonFromSesSubtype(subtype: string | null): BounceReason | null {
  return subtype === null ? null : (REASON_DATA.sesBounceSubtypes[subtype] ?? null);
}
