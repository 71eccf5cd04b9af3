/**
 * The probe's SMTP dialogue over one session: greeting, EHLO (HELO fallback), STARTTLS, VRFY and
 * EXPN exposure, MAIL, at most four RCPTs (two unknown, one control, one relay), RSET, QUIT.
 * Never DATA, never BDAT: no mail is ever delivered. Lock-step: the probe waits for each reply
 * (RFC 5321 §4.5.3.2 stages, with shorter configurable timeouts). Any wait that times out ends
 * the dialogue (the session is out of step, see session.ts); a timed-out VRFY/EXPN asks the
 * caller for a new session without them, so that the RCPT checks still run.
 */
import { blockedFromReply } from './blocked.js';
import { type DialogueContext, type DialogueState, initialState, NOT_RUN } from './dialogue-state.js';
import { isIpLiteral } from './ip-literal.js';
import { formatReply } from './reply-parser.js';
import { describeOutcome, type SmtpSession } from './session.js';
import { describeTlsError } from './tls-error.js';
import { emptyTlsReport, summariseTls } from './tls-summary.js';
import type { ReadOutcome, SmtpReply } from './types.js';
import {
  classifyExposure,
  classifyRelay,
  classifyUnknownRecipient,
  isRefusalAboutClient,
  noVerdict,
} from './verdict.js';

export { type DialogueContext, type DialogueState, initialState } from './dialogue-state.js';

/** Runs the whole dialogue; every outcome lands in the returned state. */
export async function runDialogue(s: SmtpSession, ctx: DialogueContext): Promise<DialogueState> {
  const st = initialState();
  try {
    if (!(await greet(s, ctx, st))) return st;
    if (!(await hello(s, ctx, st))) return st;
    if (!(await secure(s, ctx, st))) return st;
    if (ctx.exposure && !(await exposure(s, ctx, st))) return st;
    const domain = await ctx.domainFor(st.greeting!);
    if (!domain) {
      st.unknownRecipient = noVerdict(
        'no-verdict',
        'no recipient domain: pass --domain (the domain this MX receives for)',
      );
      return st;
    }
    if (!(await mailFrom(s, ctx, st))) return st;
    await recipients(s, ctx, st, domain);
  } finally {
    await finish(s, ctx, st);
  }
  return st;
}

async function greet(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<boolean> {
  const outcome = await s.read(ctx.options.greetingTimeoutMs);
  if (outcome.kind !== 'reply') {
    // A close or reset before any word proves nothing about blocking: a firewall, fail2ban,
    // postscreen, a connection limit or a crashed server look the same. Undetermined.
    st.error =
      outcome.kind === 'closed'
        ? `no greeting: ${describeOutcome(outcome)} before any greeting (a firewall, fail2ban, postscreen, a connection limit or a broken server); whether we are blocked is unknown`
        : `no greeting: ${describeOutcome(outcome)}`;
    refuseChecks(st, st.error);
    return false;
  }
  st.greeting = outcome.reply;
  st.greetingMs = s.elapsedMs();
  if (outcome.reply.code === 220) return true;
  // 554/550 (RFC 5321 §3.1) or 421: the server refuses us at connect. Postfix then answers 503
  // to everything until QUIT; Exim closes at once. Either way the checks cannot run.
  st.blocked = await blockedFromReply(outcome.reply, 'greeting');
  st.error = `refused at connect: ${formatReply(outcome.reply).split('\n')[0]}`;
  refuseChecks(st, 'the server refused the connection at the greeting');
  return false;
}

function refuseChecks(st: DialogueState, why: string): void {
  st.unknownRecipient = noVerdict('no-verdict', why);
  st.openRelay = noVerdict('no-verdict', why);
}

/**
 * The reply to `what`, or null when there is none to judge: no reply (the session is then out
 * of step or closed), or 421, which RFC 5321 §3.8 makes the server's way of closing at any
 * stage: it answers no question about the command.
 */
async function expectReply(
  s: SmtpSession,
  st: DialogueState,
  outcome: ReadOutcome,
  what: string,
): Promise<SmtpReply | null> {
  if (outcome.kind === 'reply' && outcome.reply.code !== 421) return outcome.reply;
  st.error =
    outcome.kind === 'reply'
      ? `${what}: the server closed the session: ${formatReply(outcome.reply).split('\n')[0]}`
      : `${what}: ${describeOutcome(outcome)}`;
  if (outcome.kind !== 'timeout') s.note(st.error);
  return null;
}

async function hello(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<boolean> {
  const timeout = ctx.options.commandTimeoutMs;
  let command: 'EHLO' | 'HELO' = 'EHLO';
  let reply = await expectReply(s, st, await s.command(`EHLO ${ctx.options.helo}`, timeout), 'EHLO');
  if (reply && reply.code >= 500 && reply.code <= 502) {
    command = 'HELO';
    reply = await expectReply(s, st, await s.command(`HELO ${ctx.options.helo}`, timeout), 'HELO');
  }
  if (!reply) return false;
  if (reply.code !== 250) {
    st.error = `${command} refused: ${formatReply(reply).split('\n')[0]}`;
    if (reply.code >= 500 || isRefusalAboutClient(reply)) st.blocked = await blockedFromReply(reply, 'ehlo');
    refuseChecks(st, `the server refused ${command}`);
    return false;
  }
  const extensions = command === 'EHLO' ? reply.lines.slice(1).map((l) => l.trim()) : [];
  st.helo = { command, reply, extensions };
  return true;
}

function hasExtension(st: DialogueState, name: string): boolean {
  return st.helo?.extensions.some((e) => e.split(/\s/)[0]?.toUpperCase() === name) ?? false;
}

async function secure(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<boolean> {
  const offered = hasExtension(st, 'STARTTLS');
  st.tls = emptyTlsReport(offered);
  if (!offered || !ctx.useTls) return true;
  const timeout = ctx.options.commandTimeoutMs;
  const reply = await expectReply(s, st, await s.command('STARTTLS', timeout), 'STARTTLS');
  if (!reply) return false;
  if (reply.code !== 220) {
    st.tls = { ...st.tls, attempted: true, error: `STARTTLS refused: ${formatReply(reply)}` };
    return true;
  }
  try {
    const servername = isIpLiteral(ctx.host) ? null : ctx.host;
    const handshake = await s.startTls(servername, timeout);
    st.tls = summariseTls(handshake, ctx.host, Date.now());
    s.note(`TLS ${handshake.protocol ?? '?'} ${handshake.cipher ?? ''}`.trim());
  } catch (error) {
    st.tls = { ...st.tls, attempted: true, error: `TLS handshake failed: ${describeTlsError(error)}` };
    st.tlsFailed = true;
    st.error = st.tls.error;
    s.note(st.tls.error!);
    return false;
  }
  // RFC 3207 §4.2: discard what was learnt before TLS and say EHLO again.
  const again = await expectReply(
    s,
    st,
    await s.command(`EHLO ${ctx.options.helo}`, timeout),
    'EHLO after STARTTLS',
  );
  if (again?.code !== 250) {
    if (again) st.error = `EHLO after STARTTLS refused: ${formatReply(again).split('\n')[0]}`;
    return false;
  }
  st.helo = { command: 'EHLO', reply: again, extensions: again.lines.slice(1).map((l) => l.trim()) };
  return true;
}

/**
 * VRFY/EXPN of postmaster only: reported, never used to enumerate (research §5.10). False when
 * the dialogue cannot go on: an unanswered VRFY (tarpits delay it on purpose) sets
 * exposureTimedOut so that the caller reconnects for the RCPT checks.
 */
async function exposure(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<boolean> {
  for (const verb of ['VRFY', 'EXPN'] as const) {
    const outcome = await s.command(`${verb} postmaster`, ctx.options.commandTimeoutMs);
    const reply = outcome.kind === 'reply' && outcome.reply.code !== 421 ? outcome.reply : null;
    const check = {
      enabled: classifyExposure(reply),
      reply: outcome.kind === 'reply' ? formatReply(outcome.reply) : describeOutcome(outcome),
    };
    if (verb === 'VRFY') st.vrfy = check;
    else st.expn = check;
    if (!reply) {
      st.exposureTimedOut = outcome.kind === 'timeout' && !outcome.deadline;
      st.error = `${verb}: ${check.reply}`;
      refuseChecks(st, `not tested: ${st.error}`);
      return false;
    }
  }
  return true;
}

async function mailFrom(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<boolean> {
  const senders = ctx.options.from === '' ? [''] : [ctx.options.from, ''];
  let last: SmtpReply | null = null;
  for (const sender of senders) {
    const outcome = await s.command(`MAIL FROM:<${sender}>`, ctx.options.commandTimeoutMs);
    last = await expectReply(s, st, outcome, 'MAIL FROM');
    if (!last) {
      refuseChecks(st, `not tested: ${st.error}`);
      return false;
    }
    if (last.code === 250) return true;
    if (last.code < 500) break;
    // A refused sender hides the RCPT result: retry once with the null sender (RFC 5321 §4.5.5).
    const reset = await expectReply(s, st, await s.command('RSET', ctx.options.commandTimeoutMs), 'RSET');
    if (!reset) {
      refuseChecks(st, `not tested: ${st.error}`);
      return false;
    }
  }
  const shown = formatReply(last!);
  st.unknownRecipient = noVerdict(
    'no-verdict',
    'MAIL FROM was refused, so no recipient could be tested',
    shown,
  );
  st.openRelay = noVerdict('no-verdict', 'MAIL FROM was refused, so relaying could not be tested', shown);
  if (last!.code >= 500 && isRefusalAboutClient(last!)) st.blocked = await blockedFromReply(last!, 'mail');
  return false;
}

async function rcpt(
  s: SmtpSession,
  ctx: DialogueContext,
  st: DialogueState,
  address: string,
): Promise<SmtpReply | null> {
  const outcome = await s.command(`RCPT TO:<${address}>`, ctx.options.commandTimeoutMs);
  return expectReply(s, st, outcome, 'RCPT TO');
}

async function recipients(
  s: SmtpSession,
  ctx: DialogueContext,
  st: DialogueState,
  domain: string,
): Promise<void> {
  const o = ctx.options;
  const unknown = `mxdoctor-probe-${o.randomHex()}@${domain}`;
  const first = await rcpt(s, ctx, st, unknown);
  if (!first) return;
  st.unknownRecipient = classifyUnknownRecipient(first, unknown);
  if (first.code >= 500 && isRefusalAboutClient(first)) st.blocked = await blockedFromReply(first, 'rcpt');
  if (st.unknownRecipient.verdict === 'accepts') {
    // Catch-all awareness: a second random name accepted too means every address is accepted.
    const second = `mxdoctor-probe-${o.randomHex()}@${domain}`;
    const reply = await rcpt(s, ctx, st, second);
    if (!reply) return;
    st.secondUnknown = classifyUnknownRecipient(reply, second);
  }
  const control = o.validRcpt ?? `postmaster@${domain}`;
  const controlReply = await rcpt(s, ctx, st, control);
  if (!controlReply) return;
  st.control = classifyUnknownRecipient(controlReply, control);
  if (st.unknownRecipient.verdict === 'rejects' && controlReply.code >= 500) {
    st.unknownRecipient = {
      ...st.unknownRecipient,
      verdict: 'no-verdict',
      detail: `The known-good recipient ${control} was refused too: the server refuses us (or that mailbox), not just unknown users.`,
    };
  }
  const relayAddress = `mxdoctor-relay-${o.randomHex()}@${o.relayDomain}`;
  const relay = await rcpt(s, ctx, st, relayAddress);
  if (relay) st.openRelay = classifyRelay(relay, relayAddress);
}

/**
 * RSET, then QUIT without waiting long for the 221 (Exim answers only after a 200 ms poll). An
 * out-of-step session gets QUIT only, unread: a reply read now could be anyone's.
 */
async function finish(s: SmtpSession, ctx: DialogueContext, st: DialogueState): Promise<void> {
  if (st.error) {
    const why = `not tested: ${st.error}`;
    if (st.unknownRecipient.detail === NOT_RUN) st.unknownRecipient = noVerdict('no-verdict', why);
    if (st.openRelay.detail === NOT_RUN) st.openRelay = noVerdict('no-verdict', why);
  }
  if (s.outOfStep) return s.quitAndClose();
  if (!s.isClosed && !st.tlsFailed) {
    if (st.helo && st.greeting?.code === 220) await s.command('RSET', ctx.options.commandTimeoutMs);
    if (!s.isClosed && !s.outOfStep) await s.quit(ctx.options.quitWaitMs);
  }
  s.close();
}
