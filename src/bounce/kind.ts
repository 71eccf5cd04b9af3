/**
 * What kind of message is this: a bounce, an ARF report, an auto-reply (RFC 3834), or plain mail.
 * The signs are the RFC ones first (multipart/report, Auto-Submitted), then the wording of
 * senders and subjects that MTAs have used for decades.
 */
import { findReplyCode } from './codes.js';
import { getHeader, headerParam, type MimeMessage } from './mime.js';
import type { MessageKind } from './types.js';

export interface KindEvidence {
  mime: MimeMessage;
  reportText: string;
  hasDsn: boolean;
  hasFeedback: boolean;
}

const BOUNCE_SENDER =
  /\b(?:mailer-daemon|postmaster|post_master|mail delivery|mail administrator|mmdf|smtp gateway|double-bounce|bounce|noreply-dmarc|mdaemon|mailerdaemon)\b/i;
const BOUNCE_SUBJECT =
  /(?:undeliver|undelivered|delivery status|delivery fail|delivery notification|returned mail|failure notice|mail delivery|could not be delivered|non[- ]?deliver|delivery has failed|delivery problem|returned to sender|mail system error|warning: could not|bounce|rejected|error sending|delivery report|message not delivered|nicht zustellbar|delivery final failure|failed delivery|mail failure|unable to deliver|unzustellbar|notification \(failure\)|delayed mail|delivery delayed|message delayed|delivery warning)/i;
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
  if (!mime.hasHeaders) {
    const text = evidence.reportText;
    if (text.trim() === '') return { kind: 'not-bounce', warning: 'empty input' };
    if (hasControlBytes(text.slice(0, 4096)))
      return { kind: 'not-bounce', warning: 'binary input: not a mail message or SMTP text' };
    return findReplyCode(text) || BOUNCE_BODY.test(text)
      ? { kind: 'bounce', warning: null }
      : { kind: 'not-bounce', warning: null };
  }
  const from = getHeader(mime.headers, 'from') ?? '';
  const subject = getHeader(mime.headers, 'subject') ?? '';
  const bounceLike =
    BOUNCE_SENDER.test(from) ||
    BOUNCE_SUBJECT.test(subject) ||
    getHeader(mime.headers, 'x-failed-recipients') !== null ||
    /report-type=.?delivery-status/i.test(ctype);
  const autoSubmitted = (getHeader(mime.headers, 'auto-submitted') ?? '').toLowerCase();
  const autoReply =
    autoSubmitted.startsWith('auto-replied') ||
    getHeader(mime.headers, 'x-autoreply') !== null ||
    getHeader(mime.headers, 'x-autorespond') !== null ||
    /auto_reply/i.test(getHeader(mime.headers, 'precedence') ?? '') ||
    AUTO_SUBJECT.test(subject);
  if (bounceLike) return { kind: 'bounce', warning: null };
  if (autoReply && !BOUNCE_BODY.test(evidence.reportText)) return { kind: 'auto-reply', warning: null };
  if (BOUNCE_BODY.test(evidence.reportText)) return { kind: 'bounce', warning: null };
  return { kind: 'not-bounce', warning: null };
}

/** NUL and other C0 controls (not tab, newline, carriage return, form feed) mark binary input. */
function hasControlBytes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 9 || (c > 13 && c < 32)) return true;
  }
  return false;
}
