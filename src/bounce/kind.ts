/**
 * What kind of message is this: a bounce, an ARF report, an auto-reply (RFC 3834), or plain mail.
 * The signs are the RFC ones first (multipart/report, Auto-Submitted), then the wording of
 * senders and subjects that MTAs have used for decades.
 */
import { findReplyCode } from './codes.js';
import { getHeader, headerParam, type MimeMessage } from './mime.js';
import { reasonFromText } from './text-reasons.js';
import type { MessageKind } from './types.js';

export interface KindEvidence {
  mime: MimeMessage;
  reportText: string;
  hasDsn: boolean;
  hasFeedback: boolean;
  /** A returned original message (message/rfc822 part or a quoted copy) came with it. */
  hasOriginal: boolean;
}

const BOUNCE_SENDER =
  /\b(?:mailer-daemon|postmaster|post_master|mail delivery|mail administrator|mmdf|smtp gateway|double-bounce|mdaemon|mailerdaemon)\b/i;
const BOUNCE_SUBJECT =
  /(?:undeliver|undelivered|delivery status|delivery fail|delivery notification|returned mail|failure notice|mail delivery|could not be delivered|non[- ]?deliver|delivery has failed|delivery problem|returned to sender|mail system error|warning: could not|bounce|rejected|error sending|delivery report|message not delivered|nicht zustellbar|delivery final failure|failed delivery|mail failure|unable to deliver|unzustellbar|notification \(failure\)|delayed mail|delivery delayed|message delayed|delivery warning)/i;
const LIST_REFUSAL =
  /(?:you are not a member of this (?:mailing )?list|non-member posting|only members (?:can|may) post|posting (?:is )?restricted to members)/i;
const AUTO_SUBJECT =
  /^(?:auto(?:matic)?[- ]?(?:reply|response|antwort)|out of (?:the )?office|autoreply|auto:|vacation|abwesenheit|absence|away from|i am (?:out|away)|on vacation|re: auto)/i;
const BOUNCE_BODY =
  /(?:could not be delivered|couldn't be delivered|was not delivered|undeliverable|delivery to the following|permanent error|permanent fatal|failed permanently|unable to deliver|delivery has failed|not be delivered|following address(?:es)?\s+(?:had|failed)|remote host said|smtp error|user unknown|mailbox unavailable|delivery failed|wasn't able to deliver|returning message to sender|failed recipient|delivery problem|message you sent|i'm sorry to have to inform you|could not deliver|error delivering|delivery error)/i;

export function detectKind(evidence: KindEvidence): { kind: MessageKind; warning: string | null } {
  const { mime } = evidence;
  if (evidence.hasFeedback) return { kind: 'feedback', warning: null };
  const ctype = getHeader(mime.headers, 'content-type') ?? '';
  if (/feedback-report/i.test(headerParam(ctype, 'report-type') ?? ''))
    return { kind: 'feedback', warning: null };
  if (evidence.hasDsn) return { kind: 'bounce', warning: null };
  // Input without mail headers never gets here: analyze-paste.ts reads pasted text.
  const from = getHeader(mime.headers, 'from') ?? '';
  const subject = getHeader(mime.headers, 'subject') ?? '';
  const structural =
    getHeader(mime.headers, 'x-failed-recipients') !== null || /report-type=.?delivery-status/i.test(ctype);
  if (structural) return { kind: 'bounce', warning: null };
  // Sender and subject words are forged by phishing ("postmaster@", "Final notice"): the body must
  // also read like a delivery failure, in words or with an SMTP reply code.
  const body = evidence.reportText;
  const failureBody = BOUNCE_BODY.test(body);
  const replyInBody = findReplyCode(body) !== null;
  const bySender = BOUNCE_SENDER.test(from);
  const bySubject = BOUNCE_SUBJECT.test(subject);
  const bodyEvidence = failureBody || replyInBody || evidence.hasOriginal;
  if ((bySender && bySubject) || ((bySender || bySubject) && bodyEvidence))
    return { kind: 'bounce', warning: null };
  if (systemFailureNotice(from, body)) return { kind: 'bounce', warning: null };
  if (isAutoReply(mime, subject) && !failureBody) return { kind: 'auto-reply', warning: null };
  if (failureBody && (replyInBody || evidence.hasOriginal)) return { kind: 'bounce', warning: null };
  // A mailing list refusing a post from a non-member (fml, Mailman, Google Groups) is a bounce too.
  if (LIST_REFUSAL.test(body.slice(0, 4096))) return { kind: 'bounce', warning: null };
  return { kind: 'not-bounce', warning: null };
}

/** Reasons a person's auto-reply can state of itself: they do not make it a failure notice. */
const NOT_A_FAILURE = new Set(['vacation', 'delivered', 'undefined', 'onhold']);

/**
 * A message from no one (`From: <>`, an MTA's own router: Exim's autoreply transport answering an
 * unknown local part) whose words state a delivery failure ("That's not a valid user here") is a
 * failure notice even when marked auto-replied: RFC 3834 auto-replies come from the person's own
 * address.
 */
function systemFailureNotice(from: string, body: string): boolean {
  if (!/^\s*(?:<\s*>)?\s*$/.test(from)) return false;
  const stated = reasonFromText(body.slice(0, 4096));
  return stated !== null && !NOT_A_FAILURE.has(stated);
}

function isAutoReply(mime: MimeMessage, subject: string): boolean {
  const autoSubmitted = (getHeader(mime.headers, 'auto-submitted') ?? '').toLowerCase();
  return (
    autoSubmitted.startsWith('auto-replied') ||
    getHeader(mime.headers, 'x-autoreply') !== null ||
    getHeader(mime.headers, 'x-autorespond') !== null ||
    /auto_reply/i.test(getHeader(mime.headers, 'precedence') ?? '') ||
    AUTO_SUBJECT.test(subject)
  );
}
