/**
 * The production Connector: node:net for TCP and node:tls for STARTTLS. The only probe file that
 * touches the network modules (house style: adapters at the edge, pure core inside).
 */
import { connect as netConnect, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Connector, ConnectResult, SmtpTransport, TlsHandshake } from './types.js';

export const connectTcp: Connector = ({ ip, port, timeoutMs, localAddress }) =>
  new Promise<ConnectResult>((resolve) => {
    const socket = netConnect({ host: ip, port, ...(localAddress ? { localAddress } : {}) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: `connect timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      const transport = new NetTransport(socket);
      resolve(
        socket.localAddress
          ? { ok: true, transport, localAddress: socket.localAddress }
          : { ok: true, transport },
      );
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, error: error.code ?? error.message });
    });
  });

class NetTransport implements SmtpTransport {
  #socket: Socket | TLSSocket;
  #handlers: { data: (chunk: Buffer) => void; closed: (error: string | null) => void } | null = null;
  #error: string | null = null;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    this.#attach(socket);
  }

  listen(handlers: { data: (chunk: Buffer) => void; closed: (error: string | null) => void }): void {
    this.#handlers = handlers;
  }

  write(text: string): void {
    if (!this.#socket.destroyed) this.#socket.write(text);
  }

  close(): void {
    if (!this.#socket.destroyed) this.#socket.destroy();
  }

  async startTls(servername: string | null, timeoutMs: number): Promise<TlsHandshake> {
    // node:tls costs ~25 ms to load: only sessions that upgrade pay for it (bench:probe start-up).
    const { connect: tlsConnect } = await import('node:tls');
    const plain = this.#socket as Socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    plain.removeAllListeners('error');
    return new Promise<TlsHandshake>((resolve, reject) => {
      const options = { socket: plain, rejectUnauthorized: false, ...(servername ? { servername } : {}) };
      const secure = tlsConnect(options);
      const timer = setTimeout(() => {
        secure.destroy();
        reject(new Error(`no TLS handshake within ${timeoutMs} ms`));
      }, timeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.removeAllListeners('error');
        this.#socket = secure;
        this.#attach(secure);
        resolve(describe(secure));
      });
      secure.once('error', (error: Error) => {
        clearTimeout(timer);
        secure.destroy();
        reject(error);
      });
    });
  }

  #attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.#handlers?.data(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.#error = error.code ?? error.message;
    });
    socket.on('close', () => this.#handlers?.closed(this.#error));
  }
}

function describe(socket: TLSSocket): TlsHandshake {
  const cert = socket.getPeerCertificate(false);
  const has = cert && Object.keys(cert).length > 0;
  const name = (o: Record<string, unknown> | undefined): string | null =>
    o
      ? Object.entries(o)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ') || null
      : null;
  const subject = has ? (cert.subject as unknown as Record<string, unknown> | undefined) : undefined;
  const issuer = has ? (cert.issuer as unknown as Record<string, unknown> | undefined) : undefined;
  const subjectText = name(subject);
  const issuerText = name(issuer);
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
    certificate: has
      ? {
          subjectCN: typeof subject?.CN === 'string' ? subject.CN : null,
          subject: subjectText,
          issuer: issuerText,
          subjectAltName: cert.subjectaltname ?? null,
          validFrom: cert.valid_from ?? null,
          validTo: cert.valid_to ?? null,
          selfSigned: subjectText !== null && subjectText === issuerText,
        }
      : null,
  };
}
