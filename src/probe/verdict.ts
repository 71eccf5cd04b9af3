/**
 * Verdicts from replies: pure functions, one per check. Facts (observed against Debian Postfix
 * 3.7 and Exim 4.96 in test/integration/probe-mta.test.ts): a relay refusal may be 4xx (Debian Postfix `454 4.7.1 Relay access denied`)
 * or 5xx; a 4xx at RCPT for a local recipient (greylisting) is inconclusive; a refusal that
 * is about the client (blocklist, HELO, sender) says nothing about the recipient.
 */
import { formatReply, replyText } from './reply-parser.js';
import type { RcptCheck, RelayVerdict, SmtpReply, UnknownRecipientVerdict } from './types.js';

/** Wording of refusals aimed at the connecting client or envelope, not at the recipient. */
const ABOUT_CLIENT =
  /\b(?:client host|helo command|sender address|blocked using|black ?list|blocklist|blacklisted|listed (?:in|at|by|on)|dnsbl|rbl\b|reputation|access denied for|not authori[sz]ed to send|spamhaus|spamcop|barracuda|uceprotect|sorbs)\b/i;
/** Wording and enhanced codes of a relay refusal (RFC 3463 x.7.1: delivery not authorised). */
const RELAY_REFUSAL =
  /\b(?:relay|relaying)\b|not permitted|access denied|not (?:a )?local|authentication required/i;

export function isRefusalAboutClient(reply: SmtpReply): boolean {
  return ABOUT_CLIENT.test(replyText(reply));
}

export function classifyUnknownRecipient(
  reply: SmtpReply,
  address: string,
): RcptCheck<UnknownRecipientVerdict> {
  const shown = formatReply(reply);
  const base = { address, reply: shown };
  if (reply.code >= 200 && reply.code < 300)
    return {
      ...base,
      verdict: 'accepts',
      detail:
        'The server accepted a recipient that cannot exist. It will find out later that the mailbox is missing and send a bounce to the envelope sender, who for spam is a forged, innocent address: that is backscatter, and ips.backscatterer.org lists servers that do it. Reject unknown recipients at RCPT time instead.',
    };
  if (reply.code >= 500 && isRefusalAboutClient(reply))
    return {
      ...base,
      verdict: 'no-verdict',
      detail: 'The refusal is about us (client, HELO name, sender or a blocklist), not about the recipient.',
    };
  if (reply.code >= 500)
    return {
      ...base,
      verdict: 'rejects',
      detail:
        'Good: the server rejects unknown recipients during the SMTP session, so it never bounces them later.',
    };
  if (reply.code >= 400)
    return {
      ...base,
      verdict: 'tempfail',
      detail:
        'A temporary refusal (greylisting or a deferral): inconclusive. Probe again after the greylisting delay (often 5 minutes).',
    };
  return { ...base, verdict: 'no-verdict', detail: `unexpected reply code ${reply.code} to RCPT` };
}

export function classifyRelay(reply: SmtpReply, address: string): RcptCheck<RelayVerdict> {
  const shown = formatReply(reply);
  const base = { address, reply: shown };
  if (reply.code >= 200 && reply.code < 300)
    return {
      ...base,
      verdict: 'open',
      detail:
        'The server accepted a recipient at a domain it cannot host: it relays mail for strangers (an open relay). Spammers find such servers within hours; restrict relaying to your own networks and authenticated users now.',
    };
  const relayWords = RELAY_REFUSAL.test(replyText(reply)) || reply.enhanced?.slice(1) === '.7.1';
  if (reply.code >= 500 || (reply.code >= 400 && relayWords))
    return {
      ...base,
      verdict: 'refused',
      detail:
        reply.code < 500
          ? 'Good: relaying refused (a 4xx relay refusal, as Debian Postfix sends with defer_unauth_destination, is still a refusal).'
          : 'Good: the server refuses to relay for strangers.',
    };
  if (reply.code >= 400)
    return {
      ...base,
      verdict: 'tempfail',
      detail: 'A temporary refusal that does not say why: the relay test is inconclusive.',
    };
  return { ...base, verdict: 'no-verdict', detail: `unexpected reply code ${reply.code} to RCPT` };
}

/** A check that could not be run, with the reason. */
export function noVerdict<V extends string>(
  verdict: V,
  detail: string,
  reply: string | null = null,
): RcptCheck<V> {
  return { verdict, address: null, reply, detail };
}

/** VRFY/EXPN answered with 250/251 disclose mailboxes; 252 ("cannot verify") and 5xx do not. */
export function classifyExposure(reply: SmtpReply | null): boolean | null {
  if (!reply) return null;
  if (reply.code === 250 || reply.code === 251) return true;
  if (reply.code === 252 || reply.code >= 500) return false;
  return null;
}
