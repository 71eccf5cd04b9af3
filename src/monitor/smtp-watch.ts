/**
 * The daily SMTP watch: each MX of a watched domain probed (src/probe: greeting, EHLO, an
 * unknown recipient, a relay attempt; never DATA) at most once a day, its verdicts reduced to
 * one string per MX and stored like a DNS record, so that "open relay" or "accepts unknown
 * recipients" (backscatter) coming back after a change alerts once (`smtp-changed`) through the
 * record-drift machinery.
 * A probe without a verdict (no connection, tempfail) alerts nothing: no alert on a hiccup.
 * Each MX's last probe time and verdict are kept in the store (smtp_probes), so a restart
 * neither probes again at once nor skips a day.
 */

import { compilePolicy, refusalFor } from '../core/address-policy.js';
import type { Resolver } from '../dns/index.js';
import type { ProbeReport } from '../probe/index.js';
import { summaryDetail } from './detail.js';
import { recordChanges } from './drift.js';
import type { ChangeBatch, SmtpProbeRow, Store, StoredTarget } from './ports.js';

export const SMTP_PROBE_INTERVAL_MS = 86_400_000;
/** MX hosts probed per domain (the rest are the same cluster, or a misconfiguration). */
export const MAX_PROBED_MX = 3;

/** `ip`: the address to connect to, already checked (no second lookup that could answer otherwise). */
export type SmtpProber = (host: string, port: number, domain: string, ip?: string) => Promise<ProbeReport>;

export interface SmtpWatch {
  probe: SmtpProber;
  port: number;
  /**
   * The config's `allow`: an MX whose address is loopback, private (or any other non-global
   * range) is not probed unless allowed, as for the API's probe and diagnose (src/http/ssrf.ts):
   * a domain added through the API must not make the server knock on the LAN every day. Absent:
   * no check (the host name is resolved by the probe).
   */
  allow?: { loopback: boolean; private: boolean };
  log?: (line: string) => void;
}

/** Null when the watch may connect to `ip`; else why not (the API tools' policy, src/core/address-policy.ts). */
export function smtpRefusal(ip: string, allow: { loopback: boolean; private: boolean }): string | null {
  const ranges = [...(allow.loopback ? ['loopback'] : []), ...(allow.private ? ['private'] : [])];
  return refusalFor(ip, compilePolicy({ allow: ranges }), 'not probed');
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
      const verdict = await probeOne(resolver, watch, host, t.target);
      // Recorded even without a verdict: the next try is tomorrow, not every cycle.
      batch.probes ??= [];
      batch.probes.push({ target: t.target, host, at, verdict });
      if (verdict !== null) after.set(`smtp ${host}`, verdict);
    }
    recordChanges(t, before, after, at, batch, 'smtp-changed');
    reportBadFirstVerdicts(t, before, after, at, batch);
  }
}

/** A verdict that is a problem in itself, whatever it was before. */
const isBad = (verdict: string) => verdict.startsWith('OPEN RELAY') || verdict.includes('accepts unknown');

/**
 * An MX's first verdict is the baseline (changes alert later), but an open relay or a server
 * accepting unknown recipients at first sight is said once: a baseline must not hide it.
 */
function reportBadFirstVerdicts(
  t: StoredTarget,
  before: Map<string, string>,
  after: Map<string, string>,
  at: string,
  batch: Pick<ChangeBatch, 'events'>,
): void {
  const bad = [...after].filter(([kind, verdict]) => !before.has(kind) && isBad(verdict));
  if (bad.length === 0) return;
  const summary = bad
    .map(([kind, verdict]) => `${kind.replace(/^smtp /, 'SMTP ')} on its first probe: ${verdict}`)
    .join('\n');
  batch.events.push({
    key: `${t.target}|smtp-first|${bad.map(([kind]) => kind).join(',')}|${at}`,
    target: t.target,
    zone: '',
    name: bad.map(([kind]) => kind).join(','),
    event: 'smtp-changed',
    at,
    codes: [],
    txt: null,
    detail: summaryDetail('smtp-changed', t.target, t.group, summary),
    damped: false,
  });
}

async function probeOne(
  resolver: Resolver,
  watch: SmtpWatch,
  host: string,
  domain: string,
): Promise<string | null> {
  if (!watch.allow) return smtpSummary(await watch.probe(host, watch.port, domain));
  const a = await resolver.query(host, 'A');
  const aaaa = a.status === 'answer' ? null : await resolver.query(host, 'AAAA');
  const ip = a.status === 'answer' ? a.records[0] : aaaa?.status === 'answer' ? aaaa.records[0] : undefined;
  if (ip === undefined) return null;
  const refusal = smtpRefusal(ip, watch.allow);
  if (refusal !== null) {
    watch.log?.(`smtp watch: MX ${host} of ${domain}: ${refusal}`);
    return null;
  }
  return smtpSummary(await watch.probe(host, watch.port, domain, ip));
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
  return async (host, port, domain, ip) => {
    const { probeHost } = await import('../probe/index.js');
    return probeHost({ host, port, ...(ip !== undefined ? { ip } : {}) }, { resolver, domain });
  };
}
