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
import { TRUSTED_SOURCE_NOTE, trustedSourceReason } from './source-address.js';
import type {
  Connector,
  ConnectResult,
  ProbeOptions,
  ProbeReport,
  RcptCheck,
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
  const deadlineAt = started + o.sessionDeadlineMs;
  const startedAt = new Date().toISOString();
  const address = await addressOf(target, o);
  const run = { target, startedAt, started, ip: null as string | null, source: null as string | null };
  if ('error' in address) return finalReport(run, failed(address.error), [], false);
  run.ip = address.ip;
  const connect: Connector = o.connect ?? (await import('./net-connector.js')).connectTcp;
  const domainFor = domainChooser(target.host, o);
  let plan: SessionPlan = { useTls: o.tls, exposure: true };
  const transcript: TranscriptLine[] = [];
  const carried: Partial<Pick<DialogueState, 'tls' | 'vrfy' | 'expn'>> = {};
  for (let n = 1; ; n++) {
    const one = await session(connect, target, address.ip, o, plan, domainFor, deadlineAt);
    transcript.push(...one.transcript);
    run.source = one.source ?? run.source;
    const next = nextPlan(one.state, plan);
    if (!next || n >= MAX_SESSIONS || performance.now() >= deadlineAt)
      return finalReport(run, { ...one.state, ...carried }, transcript, one.connected || n > 1);
    // The findings of this session still matter: keep them, and run the checks again.
    if (one.state.tlsFailed) carried.tls = one.state.tls;
    if (one.state.exposureTimedOut) Object.assign(carried, { vrfy: one.state.vrfy, expn: one.state.expn });
    transcript.push({ ms: 0, from: 'note', line: `--- new session: ${next.why} ---` });
    plan = next;
  }
}

/** At most: the first, a plaintext retry after a TLS failure, one without VRFY/EXPN. */
const MAX_SESSIONS = 3;

interface SessionPlan {
  useTls: boolean;
  exposure: boolean;
  why?: string;
}

/** Whether another session can still give the RCPT verdicts, and how it must differ. */
function nextPlan(st: DialogueState, plan: SessionPlan): SessionPlan | null {
  if (st.tlsFailed) return { ...plan, useTls: false, why: 'plaintext after the TLS failure' };
  if (st.exposureTimedOut)
    return { ...plan, exposure: false, why: 'without VRFY/EXPN, which went unanswered' };
  return null;
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
  plan: SessionPlan,
  domainFor: (greeting: SmtpReply) => Promise<string | null>,
  deadlineAt: number,
): Promise<{
  state: DialogueState;
  transcript: TranscriptLine[];
  connected: boolean;
  source: string | null;
}> {
  const t0 = performance.now();
  const timeoutMs = Math.max(1, Math.min(o.connectTimeoutMs, Math.floor(deadlineAt - t0)));
  const request = { ip, port: target.port, timeoutMs, ...(o.source ? { localAddress: o.source } : {}) };
  const result = await connect(request).catch(
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
    const state = failed(`could not connect: ${result.error}`);
    return { state, transcript: [line], connected: false, source: null };
  }
  const s = new SmtpSession(result.transport, t0, deadlineAt);
  s.note(`connected to ${ip}:${target.port}${result.localAddress ? ` from ${result.localAddress}` : ''}`);
  const context = { host: target.host, options: o, domainFor, useTls: plan.useTls, exposure: plan.exposure };
  const state = await runDialogue(s, context);
  return { state, transcript: s.transcript, connected: true, source: result.localAddress ?? null };
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

interface RunFacts {
  target: ProbeTarget;
  startedAt: string;
  started: number;
  ip: string | null;
  source: string | null;
}

function finalReport(
  run: RunFacts,
  st: DialogueState,
  transcript: TranscriptLine[],
  connected: boolean,
): ProbeReport {
  const { target } = run;
  const greeting = st.greeting ? formatReply(st.greeting) : null;
  const mtaInfo = identifyMta({
    host: target.host,
    // Only a 220 greeting describes the server: a refusal names a blocklist, not the MTA.
    greeting: st.greeting?.code === 220 ? st.greeting.lines.join('\n') : null,
    ehlo: st.helo ? st.helo.reply.lines.join('\n') : null,
  });
  const trusted = trustedSourceReason(run.source, run.ip);
  return {
    host: target.host,
    ip: run.ip,
    port: target.port,
    startedAt: run.startedAt,
    elapsedMs: Math.round(performance.now() - run.started),
    connected,
    error: st.error,
    sourceIp: run.source,
    trustedSource: trusted !== null,
    greeting,
    greetingMs: st.greetingMs,
    helo: st.helo ? { command: st.helo.command, extensions: st.helo.extensions } : null,
    mta: mtaInfo ? `${mtaInfo.name}${mtaInfo.version ? ` ${mtaInfo.version}` : ''}` : null,
    mtaInfo,
    tls: st.tls,
    checks: {
      unknownRecipient: fromTrusted(st.unknownRecipient, 'accepts', run.source, trusted),
      secondUnknown: st.secondUnknown,
      control: st.control,
      openRelay: fromTrusted(st.openRelay, 'open', run.source, trusted),
      blocked: st.blocked,
      vrfy: st.vrfy,
      expn: st.expn,
    },
    remedy: remedyOf(st, mtaInfo?.id ?? null, mtaInfo ? remedyFor(mtaInfo) : null),
    transcript,
  };
}

function fromTrusted<V extends string>(
  check: RcptCheck<V>,
  accepted: V,
  source: string | null,
  reason: string | null,
): RcptCheck<V> {
  if (reason === null || check.verdict !== accepted) return check;
  return { ...check, detail: `${capitalise(TRUSTED_SOURCE_NOTE)} (${source}: ${reason}). ${check.detail}` };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
