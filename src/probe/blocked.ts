/**
 * Blocked-at-connect findings: which list a refusal names and which IP. Knowledge of list
 * wording lives in the bounce capability (src/bounce/attribution.ts, data-driven); it is
 * loaded only when a refusal is seen, so a clean probe does not pay for it.
 */
import { formatReply } from './reply-parser.js';
import type { BlockedFinding, SmtpReply } from './types.js';

/** Bracketed or bare IPv4 literal: the refused client as Postfix/Exim name it (they may name 127.x in labs). */
const IPV4 = /(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])/;

export async function blockedFromReply(
  reply: SmtpReply,
  stage: BlockedFinding['stage'],
): Promise<BlockedFinding> {
  const shown = formatReply(reply);
  const text = reply.lines.join('\n');
  const { attributeBlocklist } = await import('../bounce/attribution.js');
  const found = attributeBlocklist(text);
  return {
    list: found?.name ?? null,
    zone: found?.zone ?? null,
    ip: found?.ip ?? IPV4.exec(text)?.[1] ?? null,
    reply: shown,
    stage,
    delist: found?.delist ?? null,
  };
}
