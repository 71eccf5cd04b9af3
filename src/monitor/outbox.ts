/**
 * Delivery from the outbox: due rows are sent, marked sent, or rescheduled with back-off
 * (30 s doubling to 1 h; dead after MAX_ATTEMPTS). The row is written in the same transaction as
 * the event it announces, so a crash never loses an alert; a crash after sending and before
 * marking it sent sends it once more with the same idempotency key.
 */
import { describeError } from '../core/errors.js';
import { mailMessage, redact, slackBody, teamsBody, webhookBody } from './alerts.js';
import { summaryDetail } from './detail.js';
import type { AlertDetail, Clock, HttpPoster, MailSender, Store } from './ports.js';
import type { AlertChannelConfig, AlertOutcome } from './types.js';

export const MAX_ATTEMPTS = 10;
export const FIRST_RETRY_MS = 30_000;
export const MAX_RETRY_MS = 3_600_000;
/** Rows sent per pass: a backlog drains over passes instead of holding the loop. */
export const DELIVERY_BATCH = 100;

export interface Delivery {
  channels: readonly AlertChannelConfig[];
  post: HttpPoster;
  mail: MailSender;
  clock: Clock;
  log: (line: string) => void;
  /** Counts each delivery attempt (metrics). */
  counted?: (channel: string, ok: boolean) => void;
}

export function retryDelayMs(attempts: number): number {
  return Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Every URL, password and user name in the alert config: never written to a log or the store. */
export function channelSecrets(channels: readonly AlertChannelConfig[]): string[] {
  return channels.flatMap((c) => (c.kind === 'email' ? [c.smtp.pass ?? '', c.smtp.user ?? ''] : [c.url]));
}

export async function sendOne(
  d: Delivery,
  channel: AlertChannelConfig,
  eventKey: string,
  at: string,
  detail: AlertDetail,
): Promise<void> {
  if (channel.kind === 'email') {
    await d.mail(channel.smtp, mailMessage(eventKey, channel.from, channel.to, detail));
    return;
  }
  const body =
    channel.kind === 'slack'
      ? slackBody(detail)
      : channel.kind === 'teams'
        ? teamsBody(detail)
        : webhookBody(eventKey, at, detail);
  const headers = { 'content-type': 'application/json', 'idempotency-key': eventKey };
  const response = await d.post(channel.url, body, headers);
  if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
}

/** The alert body with the target's current name from the store (none for a digest or a removed target). */
export async function withTargetName(store: Store, d: AlertDetail): Promise<AlertDetail> {
  const t = d.target ? await store.getTarget(d.target) : null;
  return t?.name ? { ...d, targetName: t.name } : d;
}

/** One pass over due rows; returns how many were sent. */
export async function deliverDue(store: Store, d: Delivery): Promise<number> {
  const now = d.clock.now();
  const rows = await store.dueOutbox(now.toISOString(), DELIVERY_BATCH);
  const secrets = channelSecrets(d.channels);
  let sent = 0;
  for (const row of rows) {
    const index = Number(row.channel.split(':')[1]);
    const channel = d.channels[index];
    if (!channel || `${channel.kind}:${index}` !== row.channel) {
      await store.markFailed(row.id, 'channel no longer configured', now.toISOString(), true);
      continue;
    }
    try {
      await sendOne(d, channel, row.eventKey, row.nextAt, await withTargetName(store, row.detail));
      await store.markSent(row.id, d.clock.now().toISOString());
      d.counted?.(row.channel, true);
      sent++;
    } catch (error) {
      const attempts = row.attempts + 1;
      const message = redact(describeError(error), secrets);
      const dead = attempts >= MAX_ATTEMPTS;
      const next = new Date(d.clock.now().getTime() + retryDelayMs(attempts)).toISOString();
      await store.markFailed(row.id, message, next, dead);
      d.counted?.(row.channel, false);
      d.log(`alert ${row.channel} failed (attempt ${attempts}${dead ? ', giving up' : ''}): ${message}`);
    }
  }
  return sent;
}

/** The "send test alert" action: straight to every channel, outcome per channel, no outbox. */
export async function sendTestAlerts(d: Delivery): Promise<AlertOutcome[]> {
  const secrets = channelSecrets(d.channels);
  const at = d.clock.now().toISOString();
  const detail = summaryDetail(
    'test',
    '192.0.2.1',
    'test',
    'This is a test alert from mxdoctor serve: this channel works.',
  );
  return Promise.all(
    d.channels.map(async (channel, i): Promise<AlertOutcome> => {
      const label = `${channel.kind}:${i}`;
      try {
        await sendOne(d, channel, `test|${at}|${i}`, at, detail);
        return { channel: label, ok: true, error: null };
      } catch (error) {
        return { channel: label, ok: false, error: redact(describeError(error), secrets) };
      }
    }),
  );
}
