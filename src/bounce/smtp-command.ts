/**
 * The SMTP command a refusal answered, from the MTAs' usual wording (RFC 5321 §3.3 stages); qmail's
 * "Connected to X but my name was rejected" / "but sender was rejected" / "X failed after I sent the
 * message" (qmail-remote's messages, as Sisimai 5's qmail decoder reads them).
 */

export type SmtpCommand = 'HELO' | 'MAIL' | 'RCPT' | 'DATA' | 'CONN';

const COMMAND_PATTERNS: [RegExp, SmtpCommand][] = [
  [
    /in\s+reply\s+to\s+(?:end\s+of\s+)?data\s+command|after\s+(?:pipelined\s+)?(?:end\s+of\s+)?data\b|did\s+not\s+like\s+our\s+(?:final\s+)?data|smtp\s+command:?\s+data\b|failed\s+on\s+data\s+command|failed\s+after\s+i\s+sent\s+the\s+message/i,
    'DATA',
  ],
  [
    /in\s+reply\s+to\s+rcpt\s+to\s+command|after\s+(?:pipelined\s+)?rcpt(?:\s+to|\s+command)|does\s+not\s+like\s+recipient|rcpt\s+to\s+generated\s+following\s+response|did\s+not\s+like\s+our\s+rcpt\s+to|smtp\s+command:?\s+rcpt\b|\[rcpt_to\]|smtp:rcpt\b/i,
    'RCPT',
  ],
  [
    /in\s+reply\s+to\s+mail\s+from\s+command|after\s+(?:pipelined\s+)?mail\s+from|did\s+not\s+like\s+our\s+mail\s+from|smtp\s+command:?\s+mail\b|but\s+sender\s+was\s+rejected/i,
    'MAIL',
  ],
  [
    /in\s+reply\s+to\s+(?:helo|ehlo)\s+command|after\s+(?:helo|ehlo)|after\s+initial\s+connection|but\s+my\s+name\s+was\s+rejected/i,
    'HELO',
  ],
];
const TRANSCRIPT =
  /^[ \t]*>>> (MAIL|RCPT|DATA|HELO|EHLO)\b[^\n]{0,500}\n(?:[ \t]*<<< [23]\d\d[^\n]{0,500}\n){0,20}[ \t]*<<< [45]\d\d/im;

/**
 * Words that only imply the stage: a refusal naming the recipient was most likely said to RCPT TO.
 * A report that states the command ("in reply to DATA command") elsewhere is believed first.
 */
const IMPLIED_RCPT =
  /recipient\s+address\s+rejected|invalid\s+recipient|requested\s+action\s+not\s+taken:\s+mailbox\s+unavailable/i;

/** Which SMTP command the refusal answered, stated or implied by its words; null when unsaid. */
export function findSmtpCommand(text: string): SmtpCommand | null {
  return findStatedCommand(text) ?? findImpliedCommand(text);
}

/** The command implied by the reply's words alone (RCPT for a refused recipient), or null. */
export function findImpliedCommand(text: string): SmtpCommand | null {
  return IMPLIED_RCPT.test(text) ? 'RCPT' : null;
}

/** The command the report states ("in reply to RCPT TO command", a ">>> DATA" transcript), or null. */
export function findStatedCommand(text: string): SmtpCommand | null {
  for (const [pattern, command] of COMMAND_PATTERNS) if (pattern.test(text)) return command;
  const m = TRANSCRIPT.exec(text);
  if (!m) return null;
  const word = m[1]!.toUpperCase();
  return word === 'EHLO' ? 'HELO' : (word as SmtpCommand);
}
