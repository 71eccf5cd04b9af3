/** Reports that are not DSNs: ARF feedback reports and Amazon SES notifications sent by e-mail. */
import type { AttributionContext } from './attribution.js';
import { explainReason, isHardBounce } from './classify.js';
import { parseFeedbackReport } from './dsn.js';
import type { MimePart } from './mime.js';
import { buildRecipient, simpleRecipient } from './recipient.js';
import { reasonFromSesSubtype, type SesNotification, type SesRecipient } from './ses-json.js';
import type { BounceReason, BounceReport, OriginalHeaders, RecipientResult } from './types.js';

/** The address inside a header value ("Name <a@b>" or a bare a@b), or null. */
export function addressOf(value: string | null): string | null {
  if (!value) return null;
  const m = /<([^<>\s]+@[^<>\s]+)>/.exec(value) ?? /([^\s<>"]+@[^\s<>"]+)/.exec(value);
  return m ? m[1]! : null;
}

export function feedbackRecipients(part: MimePart, original: OriginalHeaders): RecipientResult[] {
  const report = parseFeedbackReport(part.text);
  const addresses = report.recipients.length > 0 ? report.recipients : [addressOf(original.to)];
  return addresses.map((address) => ({
    address,
    action: null,
    status: null,
    replyCode: null,
    reason: 'feedback',
    explanation: explainReason('feedback'),
    hard: false,
    diagnostic: null,
    remoteMta: null,
    reportingMta: null,
    lastAttemptDate: null,
    feedbackType: report.feedbackType,
    blocklist: null,
  }));
}

export function fromSes(
  ses: SesNotification,
  base: Omit<BounceReport, 'kind' | 'isBounce' | 'recipients'>,
  lists: AttributionContext,
): BounceReport {
  if (ses.type === 'complaint') {
    const recipients = ses.recipients.map((r) => ({
      ...simpleRecipient(r.address, 'feedback'),
      feedbackType: ses.feedbackType,
    }));
    return { kind: 'feedback', isBounce: false, recipients, ...base };
  }
  const recipients = ses.recipients.map((r) => sesRecipient(r, ses.reportingMta, lists));
  const delivered = ses.type === 'delivery';
  return { kind: delivered ? 'delivered' : 'bounce', isBounce: !delivered, recipients, ...base };
}

/**
 * One bounced recipient of an SES notification: its diagnostic read as any other; a suppression
 * subtype is `suppressed` (SES did not send); with no diagnostic, the subtype's own reason.
 */
export function sesRecipient(
  r: SesRecipient,
  reportingMta: string | null,
  lists: AttributionContext,
): RecipientResult {
  const built = buildRecipient(
    r.address,
    r.diagnostic,
    '',
    { action: r.action, status: r.status },
    reportingMta,
    '',
    lists,
  );
  const reason = r.suppressed ? 'suppressed' : r.diagnostic === null ? reasonFromSesSubtype(r.subtype) : null;
  return reason === null ? built : withReason(built, reason);
}

/**
 * A recipient whose reason the provider's event states (a suppression, SES's subtype), not its
 * words: no listing, and hard only as that reason is (a suppression never is).
 */
export function withReason(built: RecipientResult, reason: BounceReason): RecipientResult {
  const hard = reason === 'suppressed' ? false : isHardBounce(reason, built.status, built.replyCode);
  return { ...built, reason, explanation: explainReason(reason), hard, blocklist: null };
}
