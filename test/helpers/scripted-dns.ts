import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';

/**
 * What the scripted server does with one question: drop it (never answer), answer with an rcode
 * and optional A/NS records, after an optional delay.
 */
export type DnsScript = (
  name: string,
  type: string,
) =>
  | 'drop'
  | {
      rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL';
      a?: string[];
      delayMs?: number;
    };

export interface ScriptedDns {
  host: string;
  port: number;
  /** Questions received, `TYPE name` (for asserting what a client asked, and how often). */
  received: string[];
  stop(): Promise<void>;
}

/** Behaviours the tests share. */
export const SCRIPTS = {
  nxdomainEverything: (() => ({ rcode: 'NXDOMAIN' })) as DnsScript,
  refuseEverything: (() => ({ rcode: 'REFUSED' })) as DnsScript,
  servfailEverything: (() => ({ rcode: 'SERVFAIL' })) as DnsScript,
  /** Never answers names starting with `prefix` (a list whose test point is lost), NXDOMAIN else. */
  silentFor:
    (prefix: string): DnsScript =>
    (name) =>
      name.startsWith(prefix) ? 'drop' : { rcode: 'NXDOMAIN' },
};

/**
 * A tiny DNS server on a free loopback UDP port that answers as `script` says: a resolver that
 * lies (NXDOMAIN for everything), refuses, fails, loses some names or answers late. stop()
 * closes the socket; nothing else is left behind.
 *
 * @example
 * const dns = await startScriptedDns(SCRIPTS.nxdomainEverything);
 * // mxdoctor check 192.0.2.1 --resolver 127.0.0.1:${dns.port}
 * await dns.stop();
 */
export async function startScriptedDns(script: DnsScript): Promise<ScriptedDns> {
  const socket = createSocket('udp4');
  const received: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  socket.on('message', (message, peer) => {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    received.push(`${question.type} ${name}`);
    const plan = script(name, question.type);
    if (plan === 'drop') return;
    const reply = dnsPacket.encode({
      type: 'response',
      id: query.id,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcodeBits(plan.rcode),
      questions: [question],
      answers: (plan.a ?? []).map((data) => ({ type: 'A' as const, name: question.name, ttl: 60, data })),
    });
    const send = () => socket.send(reply, peer.port, peer.address);
    if (!plan.delayMs) send();
    else {
      const timer = setTimeout(() => {
        timers.delete(timer);
        send();
      }, plan.delayMs);
      timers.add(timer);
    }
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  return {
    host: '127.0.0.1',
    port,
    received,
    stop: () => closeSocket(socket, timers),
  };
}

function rcodeBits(rcode: 'NOERROR' | 'NXDOMAIN' | 'REFUSED' | 'SERVFAIL'): number {
  return { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 }[rcode];
}

function closeSocket(socket: Socket, timers: Set<NodeJS.Timeout>): Promise<void> {
  for (const t of timers) clearTimeout(t);
  return new Promise((resolve) => socket.close(() => resolve()));
}

/** A loopback UDP port with nothing listening (bound, then closed): ICMP port unreachable. */
export async function deadUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
