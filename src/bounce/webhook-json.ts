/**
 * Bounce events of sending providers' webhooks, pasted as JSON: SendGrid (event webhook array),
 * Mailgun (`event-data` of a `failed` event), Postmark (bounce webhook). Amazon SES notifications
 * are read by ses-json.ts. Shapes from the providers' documentation:
 * https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 * https://documentation.mailgun.com/docs/mailgun/user-manual/events/
 * https://postmarkapp.com/developer/webhooks/bounce-webhook
 */

/** Events read from one pasted JSON document (a day's webhook log can be large). */
export const MAX_WEBHOOK_EVENTS = 500;

export interface WebhookBounce {
  address: string | null;
  /** The receiving server's words as the provider reported them, with the reply code when given. */
  diagnostic: string;
  status: string | null;
  /**
   * The provider did not send at all: the address is on its suppression list after an earlier
   * bounce, unsubscribe or complaint (SendGrid's `dropped` "Bounced Address"/"Unsubscribed
   * Address"/"Spam Reporting Address", Mailgun's `suppress-*` reasons). Sisimai 5's `suppressed`.
   */
  suppressed: boolean;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
}
function asString(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

const SENDGRID_EVENTS = new Set(['bounce', 'dropped', 'deferred', 'blocked']);
/** SendGrid's drop reasons for an address on one of its suppression lists (event webhook docs). */
const SENDGRID_SUPPRESSIONS = /^(?:bounced|unsubscribed|spam reporting) address$/i;

function sendgrid(o: Json): WebhookBounce | null {
  const event = asString(o.event);
  if (!event || !SENDGRID_EVENTS.has(event) || !('sg_event_id' in o || 'sg_message_id' in o || 'email' in o))
    return null;
  const reason = asString(o.reason) ?? asString(o.response);
  if (!reason) return null;
  const suppressed = event === 'dropped' && SENDGRID_SUPPRESSIONS.test(reason);
  return { address: asString(o.email), diagnostic: reason, status: asString(o.status), suppressed };
}

function mailgun(o: Json): WebhookBounce | null {
  const data = asObject(o['event-data']) ?? o;
  if (asString(data.event) !== 'failed' && asString(data.event) !== 'bounced') return null;
  const ds = asObject(data['delivery-status']) ?? {};
  const words = asString(ds.message) ?? asString(ds.description) ?? asString(data.reason);
  if (!words) return null;
  const code = asString(ds.code);
  const enhanced = asString(ds['enhanced-code']);
  const diagnostic = [code, enhanced, words].filter((s) => s !== null).join(' ');
  // Mailgun's reason for a send it refused itself: "suppress-bounce", "-unsubscribe", "-complaint".
  const suppressed = /^suppress-/.test(asString(data.reason) ?? '');
  return { address: asString(data.recipient), diagnostic, status: enhanced, suppressed };
}

function postmark(o: Json): WebhookBounce | null {
  if (asString(o.RecordType) !== 'Bounce' && !('BouncedAt' in o)) return null;
  const words = asString(o.Details) ?? asString(o.Description);
  if (!words) return null;
  return { address: asString(o.Email), diagnostic: words, status: null, suppressed: false };
}

/** The bounces in a pasted provider webhook payload; null when the text is not one of these shapes. */
export function parseWebhookJson(text: string): WebhookBounce[] | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const items = Array.isArray(data) ? data.slice(0, MAX_WEBHOOK_EVENTS) : [data];
  const out: WebhookBounce[] = [];
  for (const item of items) {
    const o = asObject(item);
    if (!o) continue;
    const found = sendgrid(o) ?? mailgun(o) ?? postmark(o);
    if (found) out.push(found);
  }
  return out.length > 0 ? out : null;
}
