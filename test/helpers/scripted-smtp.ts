/**
 * Scripted SMTP servers on 127.0.0.1 (a free port chosen at run time) for the behaviours no
 * real MTA here shows: an Exchange 2003 greeting, an endless multi-line reply, a 1 MB line, a
 * server that never speaks, a disconnect after the greeting, a slow drip, a broken TLS.
 * Every command a client sends is recorded, so tests can assert that no DATA was ever sent.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ScriptedConnection {
  socket: Socket;
  send(text: string): void;
  /** Next command line from the client (CRLF stripped), or null when it closed or timed out. */
  readLine(timeoutMs?: number): Promise<string | null>;
  close(): void;
}

export type Script = (conn: ScriptedConnection) => Promise<void> | void;

export interface ScriptedServer {
  host: string;
  port: number;
  /** Commands received, one array per connection. */
  received: string[][];
  stop(): Promise<void>;
}

export async function startScriptedSmtp(script: Script): Promise<ScriptedServer> {
  const received: string[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const lines: string[] = [];
    received.push(lines);
    const conn = connection(socket, lines);
    Promise.resolve(script(conn)).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    host: '127.0.0.1',
    port: address.port,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

function connection(socket: Socket, record: string[]): ScriptedConnection {
  let buffer = '';
  const queue: string[] = [];
  let waiter: ((line: string | null) => void) | null = null;
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i).replace(/\r$/, '');
      buffer = buffer.slice(i + 1);
      record.push(line);
      if (waiter) waiter(line);
      else queue.push(line);
    }
  });
  socket.on('close', () => {
    closed = true;
    waiter?.(null);
  });
  return {
    socket,
    send: (text) => {
      if (!socket.destroyed) socket.write(text);
    },
    close: () => socket.destroy(),
    readLine: (timeoutMs = 10_000) => {
      const queued = queue.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      if (closed) return Promise.resolve(null);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiter = null;
          resolve(null);
        }, timeoutMs);
        waiter = (line) => {
          clearTimeout(timer);
          waiter = null;
          resolve(line);
        };
      });
    },
  };
}

/** Replies by command verb (EHLO, MAIL, RCPT, ...; RCPT may be a function of the address). */
export interface ReplyTable {
  greeting: string;
  replies: Record<string, string | ((line: string) => string)>;
  /** Reply for verbs not in the table. */
  fallback?: string;
  /** Milliseconds to wait before answering these verbs (a tarpit, or a reply after the client's timeout). */
  delays?: Record<string, number>;
  /** Milliseconds to wait before the greeting. */
  greetingDelayMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A well-behaved server answering from a table until QUIT (221) or the client leaves. */
export function tableScript(table: ReplyTable): Script {
  return async (conn) => {
    if (table.greetingDelayMs) await sleep(table.greetingDelayMs);
    conn.send(table.greeting);
    for (;;) {
      const line = await conn.readLine();
      if (line === null) return;
      const verb = (line.split(/[\s:]/)[0] ?? '').toUpperCase();
      const entry = table.replies[verb];
      const reply =
        typeof entry === 'function'
          ? entry(line)
          : (entry ?? table.fallback ?? '502 5.5.2 Error: command not recognized\r\n');
      const delay = table.delays?.[verb];
      if (delay) await sleep(delay);
      conn.send(reply);
      if (verb === 'QUIT') {
        conn.socket.end();
        return;
      }
    }
  };
}

/** The EHLO reply Exchange 2003 sends (keywords from research/smtp-probe.md §2). */
export const EXCHANGE_2003_EHLO = [
  '250-mail.example.test Hello [127.0.0.1]',
  '250-TURN',
  '250-SIZE',
  '250-ETRN',
  '250-PIPELINING',
  '250-DSN',
  '250-ENHANCEDSTATUSCODES',
  '250-8bitmime',
  '250-BINARYMIME',
  '250-CHUNKING',
  '250-VRFY',
  '250-X-EXPS GSSAPI NTLM LOGIN',
  '250-X-EXPS=LOGIN',
  '250-AUTH GSSAPI NTLM LOGIN',
  '250-AUTH=LOGIN',
  '250-X-LINK2STATE',
  '250-XEXCH50',
  '250 OK',
]
  .map((l) => `${l}\r\n`)
  .join('');
