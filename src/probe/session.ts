/**
 * One SMTP client session over a transport: lock-step command/reply with a deadline per stage,
 * every line recorded in the transcript. Never throws for anything the server does.
 */
import { formatReply, ReplyParser } from './reply-parser.js';
import type { ReadOutcome, SmtpReply, SmtpTransport, TlsHandshake, TranscriptLine } from './types.js';

/** Stops: a transcript growing without bound over a long hostile session. */
export const MAX_TRANSCRIPT_LINES = 400;
/** Transcript lines are cut here (the reply itself is kept whole up to the parser's limits). */
export const MAX_TRANSCRIPT_LINE_CHARS = 600;

/**
 * Replies received but not asked for yet. Lock-step needs one; Exim's blocked greeting plus a
 * close makes two. Stops: a server flooding complete replies that would pile up in memory.
 */
export const MAX_QUEUED_REPLIES = 16;

type Waiter = (outcome: ReadOutcome) => void;

export class SmtpSession {
  readonly transcript: TranscriptLine[] = [];
  #transport: SmtpTransport;
  #parser = new ReplyParser();
  #queue: ReadOutcome[] = [];
  #waiter: Waiter | null = null;
  #closed: string | null | undefined = undefined;
  #t0: number;

  constructor(transport: SmtpTransport, t0: number) {
    this.#transport = transport;
    this.#t0 = t0;
    transport.listen({ data: (chunk) => this.#data(chunk), closed: (error) => this.#close(error) });
  }

  get isClosed(): boolean {
    return this.#closed !== undefined;
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.#t0);
  }

  note(line: string): void {
    this.#record('note', line);
  }

  /** Waits up to timeoutMs for the next reply (a whole multi-line reply). */
  read(timeoutMs: number): Promise<ReadOutcome> {
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed !== undefined) return Promise.resolve({ kind: 'closed', error: this.#closed });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        resolve({ kind: 'timeout', waitedMs: timeoutMs });
      }, timeoutMs);
      this.#waiter = (outcome) => {
        clearTimeout(timer);
        this.#waiter = null;
        resolve(outcome);
      };
    });
  }

  send(line: string): void {
    if (this.#closed !== undefined) return;
    this.#record('client', line);
    this.#transport.write(`${line}\r\n`);
  }

  command(line: string, timeoutMs: number): Promise<ReadOutcome> {
    this.send(line);
    return this.read(timeoutMs);
  }

  /** RFC 3207 §4.2: after the handshake the client forgets what it knew; buffered bytes are dropped. */
  async startTls(servername: string | null, timeoutMs: number): Promise<TlsHandshake> {
    this.#queue = [];
    this.#parser = new ReplyParser();
    return this.#transport.startTls(servername, timeoutMs);
  }

  close(): void {
    this.#transport.close();
    if (this.#closed === undefined) this.#close(null);
  }

  #deliver(outcome: ReadOutcome): void {
    if (this.#waiter) this.#waiter(outcome);
    else this.#queue.push(outcome);
  }

  #data(chunk: Buffer): void {
    const { replies, error } = this.#parser.push(chunk);
    for (const reply of replies) {
      if (this.#queue.length >= MAX_QUEUED_REPLIES) {
        this.#protocolError(`more than ${MAX_QUEUED_REPLIES} replies nobody asked for`);
        return;
      }
      this.#recordReply(reply);
      this.#deliver({ kind: 'reply', reply });
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
      return `no reply within ${outcome.waitedMs} ms`;
    case 'closed':
      return outcome.error ? `connection closed (${outcome.error})` : 'connection closed by the server';
    case 'protocol':
      return `protocol error: ${outcome.message}`;
  }
}
