import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { readAnswer } from './answer-wire.js';
import { Fifo } from './fifo.js';
import { FlowControl } from './flow.js';
import { encodeQuery } from './query-wire.js';
import { normaliseName, outcomeFromPacket } from './records.js';
import { queryOverTcp } from './tcp-query.js';
import type {
  DnsOutcome,
  QueryOptions,
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
 * Why not node:dns (c-ares)? Both were measured (bench/check.ts; figures in docs/check-bench.md). This
 * client gives exact rcodes, a bounded in-flight window per server, counted retries and a large
 * receive buffer, which is what bulk DNSBL work needs:
 * - one connected socket per server: the kernel drops datagrams from anyone else (RFC 5452 §9.1
 *   spoofing), and send() skips the per-datagram address lookup;
 * - a window of queries in flight per server, capped by the path's needs and paced over the
 *   round trip (flow.ts), because a burst of hundreds of datagrams overflows the receive buffer
 *   of the server or of a proxy on the way (research: 843 answers lost at 1,000 in flight);
 * - a lost datagram is sent again after an adaptive retransmission timeout (RFC 6298-style
 *   estimate), long before the per-attempt timeout, so overload costs milliseconds, not seconds;
 * - one sweep timer for all deadlines instead of a timer per query (timers dominated the profile);
 * - answers matched by id AND question; late or garbage datagrams ignored;
 * - retries after a full timeout go to the next server; a truncated answer is asked again over
 *   TCP (RFC 7766 §5).
 */

/** Datagrams this large fit any path without fragmentation (DNS flag day 2020). */
const EDNS_UDP_PAYLOAD = 1232;
/** Socket receive buffer asked for: room for thousands of queued answers (the kernel may cap it). */
const RECV_BUFFER_BYTES = 8 * 1024 * 1024;
/** Resends of one datagram within an attempt before waiting out the attempt's timeout. */
const MAX_RESENDS_PER_ATTEMPT = 2;

interface Pending {
  id: number;
  name: string;
  type: RecordType;
  packet: Buffer;
  attempt: number;
  resends: number;
  serverIndex: number;
  started: number;
  sentAt: number;
  /** When the datagram was last sent again (resends > 0). */
  resentAt: number;
  attemptDeadline: number;
  /** QueryOptions.lossGroup: whose losses are congestion only once the group has answered. */
  group: string | undefined;
  resolve: (outcome: DnsOutcome<RecordMap[RecordType]>) => void;
}

interface ServerState {
  address: ServerAddress;
  socket: Socket | undefined;
  /** connect() completes asynchronously: queries stay queued (unsent, unpaced) until it has. */
  connected: boolean;
  pending: Map<number, Pending>;
  queue: Fifo<Pending>;
  flow: FlowControl;
  /** Set while paced sends wait for their turn. */
  pumpTimer: NodeJS.Timeout | undefined;
  /** One send callback per server, not a closure per datagram. */
  onSent: (error: Error | null) => void;
  /** Loss groups this server has answered for (see lossCounts). */
  answeredGroups: Set<string>;
  /** Has queries or free slots to pump at the next flush (schedulePump). */
  dirty: boolean;
}

export function createUdpResolver(options: ResolverOptions): Resolver {
  return new UdpResolver(options);
}

class UdpResolver implements Resolver {
  readonly stats: ResolverStats = { sent: 0, retries: 0, answers: 0, timeouts: 0 };
  private readonly servers: ServerState[];
  private sweepTimer: NodeJS.Timeout | undefined;
  private inFlightTotal = 0;
  private closed = false;
  private nextServer = 0;
  private flushScheduled = false;

  constructor(private readonly options: ResolverOptions) {
    this.servers = options.servers.map((address) => {
      const server: ServerState = {
        address,
        socket: undefined,
        connected: false,
        pending: new Map(),
        queue: new Fifo<Pending>(),
        flow: new FlowControl(options.maxInFlight, options.timeoutMs, options.adaptiveWindow !== false),
        pumpTimer: undefined,
        answeredGroups: new Set(),
        dirty: false,
        onSent: (error) => {
          // A datagram the kernel would not send: the server is unreachable from here.
          if (error)
            this.failServer(server, `${address.host}:${address.port}: send failed: ${error.message}`);
        },
      };
      return server;
    });
    // Open the sockets now: connect() completes on a later tick, while the caller prepares its queries.
    for (const server of this.servers) this.connect(server);
  }

  query<T extends RecordType>(
    name: string,
    type: T,
    options?: QueryOptions,
  ): Promise<DnsOutcome<RecordMap[T]>> {
    if (this.closed) return Promise.resolve({ status: 'error', message: 'resolver closed', ms: 0 });
    const normalised = normaliseName(name);
    const packet = encodeQuery(normalised, type, EDNS_UDP_PAYLOAD);
    if (typeof packet === 'string') return Promise.resolve({ status: 'error', message: packet, ms: 0 });
    return new Promise((resolve) => {
      const now = performance.now();
      const entry: Pending = {
        id: 0,
        name: normalised,
        type,
        packet,
        attempt: 0,
        resends: 0,
        serverIndex: this.pickServer(),
        started: now,
        sentAt: now,
        resentAt: now,
        attemptDeadline: 0,
        group: options?.lossGroup,
        resolve: resolve as Pending['resolve'],
      };
      this.enqueue(entry);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const server of this.servers) {
      for (const entry of [...server.pending.values(), ...server.queue.drain()]) {
        entry.resolve({ status: 'error', message: 'resolver closed', ms: this.elapsed(entry) });
      }
      server.pending.clear();
      clearTimeout(server.pumpTimer);
      server.socket?.close();
    }
  }

  /** Spreads fresh queries over the servers round-robin, skipping a server whose queue is longer. */
  private pickServer(): number {
    if (this.servers.length === 1) return 0;
    const a = this.nextServer;
    this.nextServer = (a + 1) % this.servers.length;
    const b = this.nextServer;
    const load = (s: ServerState) => (s.pending.size + s.queue.length) / s.flow.window();
    return load(this.servers[a]!) <= load(this.servers[b]!) ? a : b;
  }

  private enqueue(entry: Pending): void {
    const server = this.servers[entry.serverIndex]!;
    server.queue.push(entry);
    this.schedulePump(server);
  }

  /**
   * Sends are gathered and go out once per event-loop turn (setImmediate: after the poll phase has
   * read every datagram waiting, up to 32 per socket in libuv), not one per answer. Why: sending one
   * datagram per answer woke the server for each, and with a sleeping server every send paid
   * for a wake-up on the other core (dgram's doSend was 38 % of the client's CPU profile, ~37 µs
   * per send at load 20); a burst wakes it once.
   */
  private schedulePump(server: ServerState): void {
    server.dirty = true;
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    for (const server of this.servers) {
      if (!server.dirty) continue;
      server.dirty = false;
      this.pump(server);
    }
  };

  /** Sends queued queries while the window has room and pacing allows; else waits for a credit. */
  private pump(server: ServerState): void {
    if (server.pumpTimer || this.closed) return;
    if (!server.connected) {
      this.connect(server);
      return;
    }
    const window = server.flow.window();
    while (server.queue.length > 0 && server.pending.size < window) {
      if (!server.flow.takeSendToken(performance.now())) {
        const wait = Math.max(1, Math.ceil(server.flow.msUntilSend()));
        server.pumpTimer = setTimeout(() => {
          server.pumpTimer = undefined;
          this.pump(server);
        }, wait);
        return;
      }
      this.send(server.queue.shift()!, server);
    }
  }

  private send(entry: Pending, server: ServerState): void {
    entry.id = freeId(server.pending);
    entry.packet.writeUInt16BE(entry.id, 0);
    server.pending.set(entry.id, entry);
    this.inFlightTotal++;
    const now = performance.now();
    entry.sentAt = now;
    entry.resends = 0;
    entry.attemptDeadline = now + this.options.timeoutMs;
    this.transmit(entry, server);
    this.ensureSweep();
  }

  private transmit(entry: Pending, server: ServerState): void {
    this.stats.sent++;
    server.socket!.send(entry.packet, server.onSent);
  }

  /** Opens the server's socket once; queued queries go out when it is connected. */
  private connect(server: ServerState): void {
    if (server.socket) return;
    const socket = createSocket({
      // The host is an IP literal (parseServerAddress); node:net's isIPv6 costs 5 ms on first use.
      type: server.address.host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: RECV_BUFFER_BYTES,
    });
    socket.on('message', (message) => this.onMessage(server, message));
    // ICMP "port unreachable" surfaces as an error on a connected socket: nothing listens there.
    socket.on('error', (error) =>
      this.failServer(server, `${server.address.host}:${server.address.port}: ${error.message}`),
    );
    socket.connect(server.address.port, server.address.host, (error?: Error) => {
      if (this.closed) return;
      if (error) {
        this.failServer(server, `${server.address.host}:${server.address.port}: ${error.message}`);
        return;
      }
      server.connected = true;
      this.pump(server);
    });
    // The sweep timer keeps the process alive while queries are in flight; an idle socket must not.
    socket.unref();
    server.socket = socket;
  }

  private failServer(server: ServerState, message: string): void {
    for (const entry of [...server.pending.values()]) this.retryOrFail(entry, server, 'error', message);
    if (server.connected) return;
    // connect() failed: nothing was sent. Retry the queued queries (on the next server, or on a
    // fresh socket to this one) or fail them, as a failed attempt.
    server.socket?.close();
    server.socket = undefined;
    for (const entry of server.queue.drain()) {
      if (entry.attempt < this.options.retries && !this.closed) this.retryOnNextServer(entry);
      else entry.resolve({ status: 'error', message, ms: this.elapsed(entry) });
    }
  }

  private onMessage(server: ServerState, message: Buffer): void {
    if (message.length < 12) return;
    const entry = server.pending.get(message.readUInt16BE(0));
    if (!entry) return;
    const read = readAnswer(message, entry.packet, entry.type, 0);
    if (read.kind === 'ignore') return; // not our question, or garbage with a matching id: keep waiting
    let outcome: DnsOutcome<RecordMap[RecordType]> | undefined;
    if (read.kind === 'outcome') outcome = read.outcome;
    else if (read.kind === 'general') {
      // Other types and CNAME chains: dns-packet's general decoder. readAnswer has already
      // compared the question with ours, byte for byte.
      let packet: dnsPacket.Packet;
      try {
        packet = dnsPacket.decode(message);
      } catch {
        return;
      }
      outcome = outcomeFromPacket(packet, entry.type, 0);
    }
    this.stats.answers++;
    if (entry.group !== undefined) server.answeredGroups.add(entry.group);
    // Karn's rule: only answers to datagrams sent once give a clean round-trip sample.
    const now = performance.now();
    server.flow.onAnswer(entry.resends === 0 ? now - entry.sentAt : undefined, now);
    if (entry.resends > 0 && server.flow.answersEarlierSend(now - entry.resentAt))
      server.flow.onSpuriousLoss();
    if (outcome === undefined) {
      this.release(entry, server);
      void queryOverTcp(server.address, entry.name, entry.type, this.options.timeoutMs).then((tcp) => {
        entry.resolve({ ...tcp, ms: this.elapsed(entry) });
      });
      return;
    }
    outcome.ms = this.elapsed(entry);
    this.finish(entry, server, outcome);
  }

  private ensureSweep(): void {
    if (this.sweepTimer) return;
    const every = Math.max(5, Math.min(50, Math.floor(this.options.timeoutMs / 8)));
    this.sweepTimer = setInterval(() => this.sweep(), every);
  }

  /** Resends datagrams past their retransmission timeout; retries or fails queries past their deadline. */
  private sweep(): void {
    const now = performance.now();
    for (const server of this.servers) {
      const rto = server.flow.rtt.timeoutMs();
      for (const entry of server.pending.values()) {
        if (now >= entry.attemptDeadline) {
          this.stats.timeouts++;
          if (lossCounts(entry, server)) server.flow.onLoss(now);
          this.retryOrFail(entry, server, 'timeout', undefined);
        } else if (
          entry.resends < MAX_RESENDS_PER_ATTEMPT &&
          now - entry.sentAt >= rto * (entry.resends + 1) &&
          // Resends take send credits as fresh queries do (the rest wait for the next sweep):
          // after a stall a whole window falls due at once, and resending it in one burst
          // overflowed the server's buffer again (bench:serve at 30 ms, window 1,024: 590
          // queries lost three times, each waiting out the full timeout).
          server.flow.takeSendToken(now)
        ) {
          entry.resends++;
          entry.resentAt = now;
          if (lossCounts(entry, server)) server.flow.onLoss(now);
          this.transmit(entry, server);
        }
      }
    }
    if (this.inFlightTotal === 0) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = undefined;
    }
  }

  private retryOrFail(
    entry: Pending,
    server: ServerState,
    status: 'timeout' | 'error',
    message: string | undefined,
  ): void {
    if (server.pending.get(entry.id) !== entry) return;
    if (entry.attempt < this.options.retries && !this.closed) {
      this.release(entry, server);
      this.retryOnNextServer(entry);
      return;
    }
    const tries = entry.attempt + 1;
    const text =
      message ?? `no answer after ${tries} ${tries === 1 ? 'try' : 'tries'} of ${this.options.timeoutMs} ms`;
    this.finish(entry, server, { status, message: text, ms: this.elapsed(entry) });
  }

  /** A new attempt for the query, on the next server (the same one when there is one). */
  private retryOnNextServer(entry: Pending): void {
    entry.attempt++;
    this.stats.retries++;
    entry.serverIndex = (entry.serverIndex + 1) % this.servers.length;
    this.enqueue(entry);
  }

  private finish(entry: Pending, server: ServerState, outcome: DnsOutcome<RecordMap[RecordType]>): void {
    this.release(entry, server);
    entry.resolve(outcome);
  }

  /** Frees the query's id and window slot and starts the next queued queries of that server. */
  private release(entry: Pending, server: ServerState): void {
    server.pending.delete(entry.id);
    this.inFlightTotal--;
    this.schedulePump(server);
  }

  private elapsed(entry: Pending): number {
    return Math.round(performance.now() - entry.started);
  }
}

/**
 * Whether a lost datagram is read as congestion. Not when its group (a DNSBL zone) has never
 * answered: that zone is dead or slow by itself (bench: one dead list among 50 took a 1 s run to
 * 45 s by cutting everyone's window). Under real congestion losses spread over zones that have
 * answered, and one counted loss per round trip is all the cut needs.
 */
function lossCounts(entry: Pending, server: ServerState): boolean {
  return entry.group === undefined || server.answeredGroups.has(entry.group);
}

function freeId(pending: Map<number, Pending>): number {
  for (;;) {
    const id = (Math.random() * 65536) | 0;
    if (!pending.has(id)) return id;
  }
}
