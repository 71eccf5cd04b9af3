/**
 * The daily SMTP watch: each MX of a watched domain probed (src/probe: greeting, EHLO, an
 * unknown recipient, a relay attempt; never DATA) at most once a day, its verdicts reduced to
 * one string per MX and stored like a DNS record, so that "open relay" or "accepts unknown
 * recipients" (backscatter) coming back after a change alerts once through the drift machinery.
 * A probe without a verdict (no connection, tempfail) stores nothing: no alert on a hiccup.
 */

import type { Resolver } from '../dns/index.js';
import type { ProbeReport } from '../probe/index.js';
import { recordChanges } from './drift.js';
import type { ChangeBatch, Store, StoredTarget } from './ports.js';

export const SMTP_PROBE_INTERVAL_MS = 86_400_000;
/** MX hosts probed per domain (the rest are the same cluster, or a misconfiguration). */
export const MAX_PROBED_MX = 3;

export type SmtpProber = (host: string, port: number, domain: string) => Promise<ProbeReport>;

export interface SmtpWatch {
  probe: SmtpProber;
  port: number;
  /** When each domain was last probed (ms), kept for the life of the process. */
  lastProbe: Map<string, number>;
}

/** The probe's verdicts as one comparable string, or null when it reached none. */
export function smtpSummary(report: ProbeReport): string | null {
  if (!report.connected || report.error) return null;
  const relay = report.checks.openRelay.verdict;
  const unknown = report.checks.unknownRecipient.verdict;
  if (relay === 'no-verdict' || relay === 'tempfail' || unknown === 'no-verdict' || unknown === 'tempfail')
    return null;
  const relayText = relay === 'open' ? 'OPEN RELAY' : 'relay refused';
  const unknownText =
    unknown === 'accepts' ? 'accepts unknown recipients (backscatter risk)' : 'rejects unknown recipients';
  return `${relayText}; ${unknownText}`;
}

export async function watchSmtp(
  store: Store,
  resolver: Resolver,
  targets: readonly StoredTarget[],
  now: Date,
  watch: SmtpWatch,
  batch: Pick<ChangeBatch, 'records' | 'events'>,
): Promise<void> {
  for (const t of targets) {
    if (t.kind !== 'domain') continue;
    const last = watch.lastProbe.get(t.target);
    if (last !== undefined && now.getTime() - last < SMTP_PROBE_INTERVAL_MS) continue;
    watch.lastProbe.set(t.target, now.getTime());
    const mx = await resolver.query(t.target, 'MX');
    if (mx.status !== 'answer') continue;
    const hosts = [...mx.records]
      .sort((a, b) => a.preference - b.preference)
      .map((r) => r.exchange.toLowerCase().replace(/\.$/, ''))
      .slice(0, MAX_PROBED_MX);
    const after = new Map<string, string>();
    for (const host of hosts) {
      const summary = smtpSummary(await watch.probe(host, watch.port, t.target));
      if (summary !== null) after.set(`smtp ${host}`, summary);
    }
    recordChanges(t, await store.records(t.target), after, now.toISOString(), batch);
  }
}

/** The real prober: src/probe through its index, loaded on first use. */
export function defaultProber(resolver: Resolver): SmtpProber {
  return async (host, port, domain) => {
    const { probeHost } = await import('../probe/index.js');
    return probeHost({ host, port }, { resolver, domain });
  };
}
