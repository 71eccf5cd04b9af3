/**
 * probeHost: one SMTP probe of one server, from address resolution to the finished report.
 * Network access comes in through options (a Connector, a Resolver); every outcome is data.
 */
import { MxError } from '../core/errors.js';
import { type DialogueState, initialState, runDialogue } from './dialogue.js';
import { genericRemedy, identifyMta, relayRemedy, remedyFor } from './fingerprint.js';
import { isIpLiteral } from './ip-literal.js';
import { resolveProbeOptions } from './options.js';
import { formatReply } from './reply-parser.js';
import { SmtpSession } from './session.js';
import type {
  Connector,
  ConnectResult,
  ProbeOptions,
  ProbeReport,
  Remedy,
  ResolvedProbeOptions,
  SmtpReply,
  TranscriptLine,
} from './types.js';

export interface ProbeTarget {
  host: string;
  ip?: string;
  port: number;
}

/**
 * Probes one SMTP server: greeting, EHLO, STARTTLS, unknown-recipient and relay checks, then
 * RSET and QUIT. Never sends DATA.
 *
 * @example
 * const report = await probeHost({ host: 'mx.example.com', port: 25 }, { resolver, domain: 'example.com' });
 * report.checks.unknownRecipient.verdict; // 'rejects' | 'accepts' | 'tempfail' | 'no-verdict'
 */
export async function probeHost(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeReport> {
  const o = resolveProbeOptions(options);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const address = await addressOf(target, o);
  if ('error' in address)
    return finalReport(target, null, startedAt, started, failed(address.error), [], false);
  const connect: Connector = o.connect ?? (await import('./net-connector.js')).connectTcp;
  const domainFor = domainChooser(target.host, o);
  const first = await session(connect, target, address.ip, o, o.tls, domainFor);
  if (!first.state.tlsFailed) {
    return finalReport(
      target,
      address.ip,
      startedAt,
      started,
      first.state,
      first.transcript,
      first.connected,
    );
  }
  // The handshake failed: the findings still matter, so run the checks again in plaintext.
  const second = await session(connect, target, address.ip, o, false, domainFor);
  second.state.tls = first.state.tls;
  const note: TranscriptLine = {
    ms: 0,
    from: 'note',
    line: '--- new plaintext session after the TLS failure ---',
  };
  const transcript = [...first.transcript, note, ...second.transcript];
  return finalReport(target, address.ip, startedAt, started, second.state, transcript, true);
}

async function addressOf(
  target: ProbeTarget,
  o: ResolvedProbeOptions,
): Promise<{ ip: string } | { error: string }> {
  if (target.ip) return { ip: target.ip };
  if (isIpLiteral(target.host)) return { ip: target.host.replace(/^\[|\]$/g, '') };
  if (!o.resolver)
    throw new MxError('config', `probe ${target.host}: a resolver is needed to look up a host name`);
  for (const type of ['A', 'AAAA'] as const) {
    const outcome = await o.resolver.query(target.host, type);
    if (outcome.status === 'answer' && outcome.records[0]) return { ip: outcome.records[0] };
    if (outcome.status !== 'nodata' && outcome.status !== 'answer')
      return { error: `could not resolve ${target.host}: ${outcome.status}` };
  }
  return { error: `${target.host} has no A or AAAA record` };
}

async function session(
  connect: Connector,
  target: ProbeTarget,
  ip: string,
  o: ResolvedProbeOptions,
  useTls: boolean,
  domainFor: (greeting: SmtpReply) => Promise<string | null>,
): Promise<{ state: DialogueState; transcript: TranscriptLine[]; connected: boolean }> {
  const t0 = performance.now();
  const result = await connect({ ip, port: target.port, timeoutMs: o.connectTimeoutMs }).catch(
    (error: unknown): ConnectResult => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
    }),
  );
  if (!result.ok) {
    const line = {
      ms: Math.round(performance.now() - t0),
      from: 'note' as const,
      line: `connect to ${ip}:${target.port} failed: ${result.error}`,
    };
    return { state: failed(`could not connect: ${result.error}`), transcript: [line], connected: false };
  }
  const s = new SmtpSession(result.transport, t0);
  s.note(`connected to ${ip}:${target.port}`);
  const state = await runDialogue(s, { host: target.host, options: o, domainFor, useTls });
  return { state, transcript: s.transcript, connected: true };
}

function failed(error: string): DialogueState {
  const state = initialState();
  state.error = error;
  state.unknownRecipient = { ...state.unknownRecipient, detail: error };
  state.openRelay = { ...state.openRelay, detail: error };
  return state;
}

/** The recipient domain: --domain, else the registrable domain of the host name or of the greeting's name. */
function domainChooser(
  host: string,
  o: ResolvedProbeOptions,
): (greeting: SmtpReply) => Promise<string | null> {
  return async (greeting) => {
    if (o.domain) return o.domain;
    const { getDomain } = await import('tldts');
    const isName = !isIpLiteral(host);
    const fromHost = isName ? getDomain(host, { allowPrivateDomains: false }) : null;
    if (fromHost) return fromHost;
    const announced = /^(\S+\.\S+)/.exec(greeting.lines[0] ?? '')?.[1];
    return announced ? getDomain(announced) : null;
  };
}

function finalReport(
  target: ProbeTarget,
  ip: string | null,
  startedAt: string,
  started: number,
  st: DialogueState,
  transcript: TranscriptLine[],
  connected: boolean,
): ProbeReport {
  const greeting = st.greeting ? formatReply(st.greeting) : null;
  const mtaInfo = identifyMta({
    host: target.host,
    // Only a 220 greeting describes the server: a refusal names a blocklist, not the MTA.
    greeting: st.greeting?.code === 220 ? st.greeting.lines.join('\n') : null,
    ehlo: st.helo ? st.helo.reply.lines.join('\n') : null,
  });
  return {
    host: target.host,
    ip,
    port: target.port,
    startedAt,
    elapsedMs: Math.round(performance.now() - started),
    connected,
    error: st.error,
    greeting,
    greetingMs: st.greetingMs,
    helo: st.helo ? { command: st.helo.command, extensions: st.helo.extensions } : null,
    mta: mtaInfo ? `${mtaInfo.name}${mtaInfo.version ? ` ${mtaInfo.version}` : ''}` : null,
    mtaInfo,
    tls: st.tls,
    checks: {
      unknownRecipient: st.unknownRecipient,
      secondUnknown: st.secondUnknown,
      control: st.control,
      openRelay: st.openRelay,
      blocked: st.blocked,
      vrfy: st.vrfy,
      expn: st.expn,
    },
    remedy: remedyOf(st, mtaInfo?.id ?? null, mtaInfo ? remedyFor(mtaInfo) : null),
    transcript,
  };
}

function remedyOf(st: DialogueState, mtaId: string | null, known: Remedy | null): Remedy | null {
  const backscatter = st.unknownRecipient.verdict === 'accepts';
  const open = st.openRelay.verdict === 'open';
  if (!backscatter && !open) return null;
  const base = known ?? genericRemedy();
  if (!open) return base;
  const relay = relayRemedy(mtaId);
  if (!backscatter) return { ...base, text: relay, steps: [relay] };
  return { ...base, text: `${relay} ${base.text}`, steps: [relay, ...base.steps] };
}
