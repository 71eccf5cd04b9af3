import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import dnsPacket from 'dns-packet';
import { normaliseName, outcomeFromPacket } from './records.js';
import { queryOverTcp } from './tcp-query.js';
import type {
  DnsOutcome,
  RecordMap,
  RecordType,
  Resolver,
  ResolverOptions,
  ResolverStats,
  ServerAddress,
} from './types.js';

/**
 * A DNS stub client over UDP built on dns-packet (wire format) and node:dgram.
 *
 * Why not node:dns (c-ares)? Both were measured (bench/check.ts, figures in the README): this
 * client gives exact rcodes, per-server in-flight windows, retries we count, and a large receive
 * buffer, which is what bulk DNSBL work needs. What it does:
 * - a window of queries in flight per server, opened gradually (slow start) and halved when a
 *   query times out, because a burst of hundreds of datagrams overflows the receive buffer of
 *   the server or of any proxy on the way, and a lost answer costs a whole timeout;
 * - one timer per query, always cleared; answers matched by id AND question (RFC 5452 §9.1),
 *   late or foreign datagrams ignored;
 * - retries go to the next server; a truncated answer (TC) is asked again over TCP (RFC 7766).
 */

/** Datagrams this large fit any path without fragmentation (DNS flag day 2020). */
const EDNS_UDP_PAYLOAD = 1232;
/** Socket receive buffer asked for: room for thousands of queued answers (the kernel may cap it). */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;
/** First window per server; it grows by one per answer up to maxInFlight. */
const INITIAL_WINDOW = 64;
const MIN_WINDOW = 8;

interface Pending {
  id: number;
  name: string;
  type: RecordType;
  attempt: number;
  serverIndex: number;
  started: number;
  timer: NodeJS.Timeout | undefined;
  resolve: (outcome: DnsOutcome<RecordMap[RecordType]>) => void;
}

interface ServerState {
  address: ServerAddress;
  family: 4 | 6;
  inFlight: number;
  window: number;
  queue: Fifo<Pending>;
}

/** A FIFO with O(1) shift: a bulk run can queue tens of thousands of queries per server. */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;
  get length(): number {
    return this.items.length - this.head;
  }
  push(item: T): void {
    this.items.push(item);
  }
  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

export function createUdpResolver(options: ResolverOptions): Resolver {
  return new UdpResolver(options);
}

class UdpResolver implements Resolver {
  readonly stats: ResolverStats = { sent: 0, retries: 0, answers: 0, timeouts: 0 };
  private readonly servers: ServerState[];
  private readonly pending = new Map<number, Pending>();
  private readonly sockets: { 4?: Socket; 6?: Socket } = {};
  private closed = false;

  constructor(private readonly options: ResolverOptions) {
    this.servers = options.servers.map((address) => ({
      address,
      family: isIPv6(address.host) ? 6 : 4,
      inFlight: 0,
      window: Math.min(INITIAL_WINDOW, options.maxInFlight),
      queue: new Fifo<Pending>(),
    }));
  }

  query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
    if (this.closed) return Promise.resolve({ status: 'error', message: 'resolver closed', ms: 0 });
    return new Promise((resolve) => {
      const entry: Pending = {
        id: -1,
        name: normaliseName(name),
        type,
        attempt: 0,
        serverIndex: this.pickServer(),
        started: performance.now(),
        timer: undefined,
        resolve: resolve as Pending['resolve'],
      };
      this.enqueue(entry);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const entry of [...this.pending.values(), ...this.servers.flatMap((s) => s.queue.drain())]) {
      clearTimeout(entry.timer);
      entry.resolve({ status: 'error', message: 'resolver closed', ms: performance.now() - entry.started });
    }
    this.pending.clear();
    this.sockets[4]?.close();
    this.sockets[6]?.close();
  }

  /** Spreads fresh queries over the servers by the room in their windows. */
  private pickServer(): number {
    let best = 0;
    let bestLoad = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.servers.length; i++) {
      const s = this.servers[i]!;
      const load = (s.inFlight + s.queue.length) / s.window;
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }

  private enqueue(entry: Pending): void {
    const server = this.servers[entry.serverIndex]!;
    if (server.inFlight < server.window) this.send(entry, server);
    else server.queue.push(entry);
  }

  private send(entry: Pending, server: ServerState): void {
    const socket = this.socketFor(server.family);
    entry.id = this.freeId();
    this.pending.set(entry.id, entry);
    server.inFlight++;
    const packet = dnsPacket.encode({
      type: 'query',
      id: entry.id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type: entry.type, name: entry.name }],
      additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD } as dnsPacket.Answer],
    });
    this.stats.sent++;
    entry.timer = setTimeout(() => this.onTimeout(entry), this.options.timeoutMs);
    socket.send(packet, server.address.port, server.address.host, (error) => {
      if (error && this.pending.get(entry.id) === entry) {
        this.finish(entry, {
          status: 'error',
          message: `send failed: ${error.message}`,
          ms: this.elapsed(entry),
        });
      }
    });
  }

  private freeId(): number {
    for (;;) {
      const id = (Math.random() * 65536) | 0;
      if (!this.pending.has(id)) return id;
    }
  }

  private socketFor(family: 4 | 6): Socket {
    const existing = this.sockets[family];
    if (existing) return existing;
    const socket = createSocket({ type: family === 4 ? 'udp4' : 'udp6', recvBufferSize: RECV_BUFFER_BYTES });
    socket.on('message', (message) => this.onMessage(message));
    socket.on('error', () => {
      // Per-send errors are reported through the send callback; a socket-level error
      // (e.g. ICMP unreachable on some platforms) must not crash the process.
    });
    socket.unref();
    this.sockets[family] = socket;
    return socket;
  }

  private onMessage(message: Buffer): void {
    if (message.length < 12) return;
    const id = message.readUInt16BE(0);
    const entry = this.pending.get(id);
    if (!entry) return;
    let packet: dnsPacket.Packet;
    try {
      packet = dnsPacket.decode(message);
    } catch {
      return; // garbage with a matching id: keep waiting for the real answer
    }
    const question = packet.questions?.[0];
    if (!question || normaliseName(question.name) !== entry.name || question.type !== entry.type) return;
    this.stats.answers++;
    const server = this.servers[entry.serverIndex]!;
    if (server.window < this.options.maxInFlight) server.window++;
    if ((packet as { flag_tc?: boolean }).flag_tc) {
      this.release(entry);
      void queryOverTcp(server.address, entry.name, entry.type, this.options.timeoutMs).then((outcome) => {
        entry.resolve({ ...outcome, ms: this.elapsed(entry) });
      });
      return;
    }
    this.finish(entry, outcomeFromPacket(packet, entry.type, this.elapsed(entry)));
  }

  private onTimeout(entry: Pending): void {
    if (this.pending.get(entry.id) !== entry) return;
    this.stats.timeouts++;
    const server = this.servers[entry.serverIndex]!;
    server.window = Math.max(MIN_WINDOW, Math.floor(server.window / 2));
    if (entry.attempt < this.options.retries && !this.closed) {
      this.release(entry);
      entry.attempt++;
      this.stats.retries++;
      entry.serverIndex = (entry.serverIndex + 1) % this.servers.length;
      this.enqueue(entry);
      return;
    }
    const attempts = entry.attempt + 1;
    this.finish(entry, {
      status: 'timeout',
      message: `no answer after ${attempts} ${attempts === 1 ? 'try' : 'tries'} of ${this.options.timeoutMs} ms`,
      ms: this.elapsed(entry),
    });
  }

  private finish(entry: Pending, outcome: DnsOutcome<RecordMap[RecordType]>): void {
    this.release(entry);
    entry.resolve(outcome);
  }

  /** Frees the query's id and window slot and starts the next queued query of that server. */
  private release(entry: Pending): void {
    clearTimeout(entry.timer);
    this.pending.delete(entry.id);
    const server = this.servers[entry.serverIndex]!;
    server.inFlight--;
    while (server.inFlight < server.window && server.queue.length > 0)
      this.send(server.queue.shift()!, server);
    if (this.pending.size === 0) {
      this.sockets[4]?.unref();
      this.sockets[6]?.unref();
    } else {
      this.sockets[4]?.ref();
      this.sockets[6]?.ref();
    }
  }

  private elapsed(entry: Pending): number {
    return Math.round(performance.now() - entry.started);
  }
}
