/**
 * Access keys live in zone names (Spamhaus DQS `KEY.zen.dq.spamhaus.net`, Abusix
 * `KEY.combined.mail.abusix.zone`). Every zone name that leaves the monitor (logs, alerts, the
 * API's views, metrics labels) goes through maskZone, so a key is never logged or sent to Slack
 * (hestiacp#5011: a DQS key leaked through logs).
 */

/** A first label this long and made of letters and digits only is taken for a key. */
const KEY_LABEL = /^[a-z0-9]{16,}$/i;

export function maskZone(zone: string): string {
  const labels = zone.split('.');
  if (labels.length < 4 || !KEY_LABEL.test(labels[0]!)) return zone;
  return [`${labels[0]!.slice(0, 4)}…`, ...labels.slice(1)].join('.');
}
