/**
 * One SMTP client session over a transport: lock-step command/reply with a deadline per stage
 * and one for the whole session, every line recorded in the transcript. Never throws for
 * anything the server does.
 *
 * Pairing (docs/probe.md, reply pairing): a verdict may only be drawn from the reply that answers the command
 * it judges. Lock-step keeps at most one reply outstanding, so the pairing holds exactly while
 * (a) no wait has timed out (the late reply would otherwise answer the next command) and (b) the
 * server sends no reply it was not asked for (a pipelined extra reply would shift every later
 * one). Either breaks the session: after a timeout it sends nothing but QUIT; an unasked-for
 * reply is a protocol error that closes it.
 */
import { formatReply, ReplyParser } from './reply-parser.js';
import type { ReadOutcome, SmtpReply, SmtpTransport, TlsHandshake, TranscriptLine } from './types.js';

/** Stops: a transcript growing without bound over a long hostile session. */
export const MAX_TRANSCRIPT_LINES = 400;
/** Transcript lines are cut here (the reply itself is kept whole up to the parser's limits). */
export const MAX_TRANSCRIPT_LINE_CHARS = 600;

type Waiter = (outcome: ReadOutcome) => void;

export class SmtpSession {
  readonly transcript: TranscriptLine[] = [];
  #transport: SmtpTransport;
  #parser = new ReplyParser();
  #queue: ReadOutcome[] = [];
  #waiter: Waiter | null = null;
  #closed: string | null | undefined = undefined;
  #t0: number;
  #deadlineAt: number;
  /** Replies owed by the server: the greeting, then one per command sent. */
  #awaiting = 1;
  /** Why replies can no longer be paired with commands (a wait timed out), or null. */
  #outOfStep: string | null = null;
  #quitting = false;

  /** deadlineAt: performance.now() time after which every wait ends at once (the session deadline). */
  constructor(transport: SmtpTransport, t0: number, deadlineAt = Number.POSITIVE_INFINITY) {
    this.#transport = transport;
    this.#t0 = t0;
    this.#deadlineAt = deadlineAt;
    transport.listen({ data: (chunk) => this.#data(chunk), closed: (error) => this.#close(error) });
  }

  get isClosed(): boolean {
    return this.#closed !== undefined;
  }

  /** Why the session can no longer pair replies with commands (a wait timed out), or null. */
  get outOfStep(): string | null {
    return this.#outOfStep;
  }

  /** A stage timeout cut to what is left of the session deadline (never below 0). */
  budgetMs(timeoutMs: number): number {
    return Math.max(0, Math.min(timeoutMs, Math.floor(this.#deadlineAt - performance.now())));
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.#t0);
  }

  note(line: string): void {
    this.#record('note', line);
  }

  /**
   * Waits up to timeoutMs (cut to the session deadline) for the next reply. A timeout puts the
   * session out of step: the reply may still come, and it must not answer a later command.
   */
  read(timeoutMs: number): Promise<ReadOutcome> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed !== undefined) return Promise.resolve({ kind: 'closed', error: this.#closed });
    if (this.#outOfStep) return Promise.resolve(this.#refusal());
    const waitMs = this.budgetMs(timeoutMs);
    const deadline = waitMs < timeoutMs;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        const outcome: ReadOutcome = deadline
          ? { kind: 'timeout', waitedMs: waitMs, deadline: true }
          : { kind: 'timeout', waitedMs: waitMs };
        this.#outOfStep = describeOutcome(outcome);
        if (!this.#quitting)
          this.note(
            `${this.#outOfStep}: no further command (a late reply could not be told from the next answer)`,
          );
        resolve(outcome);
      }, waitMs);
      this.#waiter = (outcome) => {
        clearTimeout(timer);
        this.#waiter = null;
        resolve(outcome);
      };
    });
  }

  send(line: string): void {
    if (this.#closed !== undefined) return;
    this.#awaiting++;
    this.#record('client', line);
    this.#transport.write(`${line}\r\n`);
  }

  /** Sends one command and waits for its reply; an out-of-step session sends nothing. */
  command(line: string, timeoutMs: number): Promise<ReadOutcome> {
    if (this.#outOfStep && this.#closed === undefined) return Promise.resolve(this.#refusal());
    this.send(line);
    return this.read(timeoutMs);
  }

  /** QUIT, then up to waitMs for the 221: the last command, so its timeout is no news. */
  async quit(waitMs: number): Promise<void> {
    this.#quitting = true;
    await this.command('QUIT', waitMs);
  }

  /** QUIT without waiting for the 221, then close: the way out of an out-of-step session. */
  quitAndClose(): void {
    if (this.#closed === undefined) this.send('QUIT');
    this.close();
  }

  /** RFC 3207 §4.2: after the handshake the client forgets what it knew; buffered bytes are dropped. */
  async startTls(servername: string | null, timeoutMs: number): Promise<TlsHandshake> {
    this.#queue = [];
    this.#parser = new ReplyParser();
    return this.#transport.startTls(servername, this.budgetMs(timeoutMs));
  }

  close(): void {
    this.#transport.close();
    if (this.#closed === undefined) this.#close(null);
  }

  #deliver(outcome: ReadOutcome): void {
    if (this.#waiter) this.#waiter(outcome);
    else this.#queue.push(outcome);
  }

  #refusal(): ReadOutcome {
    return { kind: 'protocol', message: `session out of step (${this.#outOfStep})` };
  }

  #data(chunk: Buffer): void {
    if (this.#closed !== undefined) return;
    const { replies, error } = this.#parser.push(chunk);
    for (const reply of replies) {
      this.#recordReply(reply);
      if (this.#awaiting === 0) {
        // Pipelined extra replies, or a reply sent before its command: every later reply
        // would answer the wrong command, so nothing more is read from this session.
        this.#protocolError(`a reply nobody asked for (${formatReply(reply).split('\n')[0]})`);
        return;
      }
      this.#awaiting--;
      // Once out of step, a reply is only recorded: it is the late answer to a timed-out command.
      if (!this.#outOfStep) this.#deliver({ kind: 'reply', reply });
    }
    if (error) this.#protocolError(error);
  }

  #protocolError(message: string): void {
    if (this.#closed !== undefined) return;
    this.note(`protocol error: ${message}; closing`);
    this.#queue = [];
    this.#deliver({ kind: 'protocol', message });
    this.#transport.close();
    this.#close(`we closed it: ${message}`);
  }

  #close(error: string | null): void {
    if (this.#closed !== undefined) return;
    this.#closed = error;
    this.note(error ? `connection closed: ${error}` : 'connection closed');
    this.#deliver({ kind: 'closed', error });
  }

  #recordReply(reply: SmtpReply): void {
    for (const line of formatReply(reply).split('\n')) this.#record('server', line);
  }

  #record(from: TranscriptLine['from'], line: string): void {
    if (this.transcript.length >= MAX_TRANSCRIPT_LINES) return;
    const cut =
      line.length > MAX_TRANSCRIPT_LINE_CHARS ? `${line.slice(0, MAX_TRANSCRIPT_LINE_CHARS)}…` : line;
    this.transcript.push({ ms: this.elapsedMs(), from, line: cut });
    if (this.transcript.length === MAX_TRANSCRIPT_LINES)
      this.transcript.push({ ms: this.elapsedMs(), from: 'note', line: 'transcript truncated' });
  }
}

export function describeOutcome(outcome: ReadOutcome): string {
  switch (outcome.kind) {
    case 'reply':
      return formatReply(outcome.reply);
    case 'timeout':
      return outcome.deadline
        ? `session deadline reached (waited ${outcome.waitedMs} ms for a reply)`
        : `no reply within ${outcome.waitedMs} ms`;
    case 'closed':
      return outcome.error ? `connection closed (${outcome.error})` : 'connection closed by the server';
    case 'protocol':
      return `protocol error: ${outcome.message}`;
  }
}
