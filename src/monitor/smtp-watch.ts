/**
 * The daily SMTP watch: each MX of a watched domain probed (src/probe: greeting, EHLO, an
 * unknown recipient, a relay attempt; never DATA) at most once a day, its verdicts reduced to
 * one string per MX and stored like a DNS record, so that "open relay" or "accepts unknown
 * recipients" (backscatter) coming back after a change alerts once through the drift machinery.
 * A probe without a verdict (no connection, tempfail) alerts nothing: no alert on a hiccup.
 * Each MX's last probe time and verdict are kept in the store (smtp_probes), so a restart
 * neither probes again at once nor skips a day.
 */

import type { Resolver } from '../dns/index.js';
import type { ProbeReport } from '../probe/index.js';
import { recordChanges } from './drift.js';
import type { ChangeBatch, SmtpProbeRow, Store, StoredTarget } from './ports.js';

export const SMTP_PROBE_INTERVAL_MS = 86_400_000;
/** MX hosts probed per domain (the rest are the same cluster, or a misconfiguration). */
export const MAX_PROBED_MX = 3;

export type SmtpProber = (host: string, port: number, domain: string) => Promise<ProbeReport>;

export interface SmtpWatch {
  probe: SmtpProber;
  port: number;
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

/**
 * Whether an MX is due: never probed, or its last probe (from the store, not the process) about a
 * day old. "About": the cycle nearest the day mark probes (half a cycle interval early at most),
 * so with hourly cycles the probe stays near its hour instead of creeping one cycle later every
 * day until a calendar day is skipped.
 */
export function probeDue(last: SmtpProbeRow | undefined, now: Date, cycleIntervalMs = 0): boolean {
  if (last === undefined) return true;
  const slackMs = Math.min(cycleIntervalMs / 2, SMTP_PROBE_INTERVAL_MS / 4);
  return now.getTime() - Date.parse(last.at) >= SMTP_PROBE_INTERVAL_MS - slackMs;
}

export async function watchSmtp(
  store: Store,
  resolver: Resolver,
  targets: readonly StoredTarget[],
  now: Date,
  watch: SmtpWatch,
  batch: Pick<ChangeBatch, 'records' | 'events' | 'probes'>,
  cycleIntervalMs = 0,
): Promise<void> {
  const at = now.toISOString();
  const due = (p: SmtpProbeRow | undefined) => probeDue(p, now, cycleIntervalMs);
  for (const t of targets) {
    if (t.kind !== 'domain') continue;
    const last = new Map((await store.smtpProbes(t.target)).map((p) => [p.host, p]));
    // Between daily rounds a domain costs nothing, not even its MX lookup; an MX added since the
    // last round is probed in the next one.
    if (last.size > 0 && ![...last.values()].some(due)) continue;
    const hosts = await mxHosts(resolver, t.target);
    if (hosts === null || !hosts.some((h) => due(last.get(h)))) continue;
    const before = new Map([...(await store.records(t.target))].filter(([kind]) => kind.startsWith('smtp ')));
    const after = new Map(before);
    for (const host of hosts) {
      if (!due(last.get(host))) continue;
      const verdict = smtpSummary(await watch.probe(host, watch.port, t.target));
      batch.probes ??= [];
      batch.probes.push({ target: t.target, host, at, verdict });
      if (verdict !== null) after.set(`smtp ${host}`, verdict);
    }
    recordChanges(t, before, after, at, batch);
  }
}

async function mxHosts(resolver: Resolver, domain: string): Promise<string[] | null> {
  const mx = await resolver.query(domain, 'MX');
  if (mx.status !== 'answer') return null;
  return [...mx.records]
    .sort((a, b) => a.preference - b.preference)
    .map((r) => r.exchange.toLowerCase().replace(/\.$/, ''))
    .slice(0, MAX_PROBED_MX);
}

/** The real prober: src/probe through its index, loaded on first use. */
export function defaultProber(resolver: Resolver): SmtpProber {
  return async (host, port, domain) => {
    const { probeHost } = await import('../probe/index.js');
    return probeHost({ host, port }, { resolver, domain });
  };
}
