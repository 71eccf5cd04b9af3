/**
 * Alert payloads, pure: one AlertDetail becomes a generic JSON webhook body, a Slack message, a
 * Microsoft Teams Adaptive Card, or an e-mail. Every one carries the target (and its name), the
 * list, what the code means, the TXT reason, the delisting link and the list's policy, and the
 * event's idempotency key (header `Idempotency-Key`, JSON `id`, mail `Message-ID`) so that a receiver can
 * drop the rare repeat (the outbox delivers at least once: a crash between sending and recording
 * "sent" sends again).
 */
import { createHash } from 'node:crypto';
import type { AlertDetail, MailMessage } from './ports.js';
import type { AlertChannelConfig } from './types.js';

export const PAYLOAD_VERSION = 1;

export function channelLabel(channel: AlertChannelConfig, index: number): string {
  return `${channel.kind}:${index}`;
}

/** "mail-out-1 (192.0.2.27)", "192.0.2.0/28 (192.0.2.3)", "mail-out-1 (192.0.2.0/28: 192.0.2.3)". */
function subject(d: AlertDetail): string {
  const inner = [d.target, d.address && d.address !== d.target ? d.address : null].filter(Boolean).join(': ');
  if (d.targetName) return `${d.targetName} (${inner})`;
  return d.address && d.address !== d.target ? `${d.target} (${d.address})` : d.target;
}

export function alertTitle(d: AlertDetail): string {
  switch (d.kind) {
    case 'listed':
      return `${subject(d)} is listed on ${d.listName ?? d.zone}`;
    case 'delisted':
      return `${subject(d)} is no longer listed on ${d.listName ?? d.zone}`;
    case 'first-scan':
      return `First scan of ${subject(d)}`;
    case 'record-changed':
      return `Mail DNS records of ${subject(d)} changed`;
    case 'smtp-changed':
      return `SMTP check of ${subject(d)} changed`;
    case 'digest':
      return 'mxdoctor digest';
    case 'test':
      return 'mxdoctor test alert';
  }
}

/** The human text shared by Slack, Teams and e-mail. */
export function alertLines(d: AlertDetail): string[] {
  const lines = [alertTitle(d)];
  if (d.zone) lines.push(`List: ${d.listName ?? d.zone} (${d.zone})`);
  if (d.codes.length > 0) lines.push(`Code: ${d.codes.join(', ')}${d.meaning ? ` (${d.meaning})` : ''}`);
  if (d.txt) lines.push(`Reason: ${d.txt}`);
  if (d.delist) lines.push(`Delist: ${d.delist}`);
  if (d.policy) lines.push(`Policy: ${d.policy}`);
  if (d.summary) lines.push(d.summary);
  lines.push(`Group: ${d.group}`);
  return lines;
}

export function webhookBody(eventKey: string, at: string, d: AlertDetail): string {
  return JSON.stringify({
    type: 'mxdoctor.alert',
    version: PAYLOAD_VERSION,
    id: eventKey,
    at,
    event: d.kind,
    title: alertTitle(d),
    target: d.target,
    name: d.targetName ?? null,
    group: d.group,
    address: d.address,
    list: d.zone ? { zone: d.zone, name: d.listName } : null,
    codes: d.codes,
    meaning: d.meaning,
    txt: d.txt,
    delist: d.delist,
    policy: d.policy,
    summary: d.summary || null,
  });
}

/** Slack incoming webhook: `text` (notifications) plus one mrkdwn section. Slack escapes: & < >. */
export function slackBody(d: AlertDetail): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = alertLines(d).map(esc);
  return JSON.stringify({
    text: lines[0],
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: [`*${lines[0]}*`, ...lines.slice(1)].join('\n') } },
    ],
  });
}

/** Microsoft Teams (Workflows / incoming webhook): a message with one Adaptive Card 1.4. */
export function teamsBody(d: AlertDetail): string {
  const [title, ...rest] = alertLines(d);
  return JSON.stringify({
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
            ...rest.map((text) => ({ type: 'TextBlock', text, wrap: true })),
          ],
          // The delisting page as a button (only an http(s) link: a list's data is not trusted).
          ...(d.delist && /^https?:\/\//i.test(d.delist)
            ? { actions: [{ type: 'Action.OpenUrl', title: 'Delisting', url: d.delist }] }
            : {}),
        },
      },
    ],
  });
}

export function mailMessage(eventKey: string, from: string, to: string[], d: AlertDetail): MailMessage {
  const id = createHash('sha256').update(eventKey).digest('hex').slice(0, 32);
  return {
    from,
    to,
    subject: `[mxdoctor] ${alertTitle(d)}`,
    text: `${alertLines(d).join('\n')}\n`,
    headers: { 'Message-ID': `<${id}@mxdoctor.invalid>`, 'X-Mxdoctor-Event': eventKey },
  };
}

/** Removes secrets (webhook URLs with tokens, SMTP passwords) from a message before it is logged or stored. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  // Whatever URL is left (a redirect target, a library's message) loses its path and query.
  return out.replace(/(https?:\/\/[^/\s]+)\/\S*/g, '$1/[redacted]');
}
