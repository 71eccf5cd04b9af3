/**
 * A UDP DNS proxy that adds a fixed round-trip time (half on the query, half on the answer),
 * because this kernel has no sch_netem (`tc qdisc ... netem delay` is unavailable). Run as its
 * own process inside the benchmark's network namespace; loopback only.
 *
 *   node --import tsx bench/lib/delay-proxy.ts --upstream 127.0.0.1:5300 --delay 30 \
 *     --listen 127.0.0.1:5301 [--listen 127.0.0.3:53]
 *
 * Query ids are rewritten so any number of client sockets share one upstream socket. The delay
 * is constant, so packets fall due in arrival order and one timer drains a FIFO. Receive buffers
 * are enlarged so the proxy itself is not where datagrams get lost: it stands for a network path,
 * and the benchmark wants to see the client's losses, not the harness's.
 * The upstream socket is connected: no address lookup per datagram (the proxy's CPU is taken
 * from the same 2 cores as the client's and the server's).
 * This is the fallback of delay-proxy.c (same arguments and output; see its header), which costs
 * a fraction of this one's CPU: bench/lib/delay-proxy-start.ts picks. On SIGUSR1 it prints
 * `stats {json}` (datagrams forwarded, what its own sockets dropped per /proc/net/udp, lateness
 * since the previous stats line), and the same line on stderr when SIGTERM ends it.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { socketDrops } from './netns.js';

const BUFFER_BYTES = 4 * 1024 * 1024;

const { values } = parseArgs({
  options: {
    upstream: { type: 'string' },
    delay: { type: 'string' },
    listen: { type: 'string', multiple: true },
  },
});
const split = (hp: string): [string, number] => {
  const i = hp.lastIndexOf(':');
  return [hp.slice(0, i), Number(hp.slice(i + 1))];
};
const [upHost, upPort] = split(values.upstream ?? '127.0.0.1:5300');
const halfMs = Number(values.delay ?? 30) / 2;

const st = { queries: 0, answers: 0, unmatched: 0, unanswered: 0, lateMax: 0, lateSum: 0, lateCount: 0 };

type Due = [number, () => void];
const queue: Due[] = [];
let head = 0;
let timer: NodeJS.Timeout | undefined;

function drain(): void {
  timer = undefined;
  const now = performance.now();
  while (head < queue.length && queue[head]![0] <= now) {
    const late = now - queue[head]![0];
    st.lateMax = Math.max(st.lateMax, late);
    st.lateSum += late;
    st.lateCount++;
    const job = queue[head]![1];
    queue[head] = undefined as unknown as Due;
    head++;
    job();
  }
  if (head > 4096 && head * 2 > queue.length) {
    queue.splice(0, head);
    head = 0;
  }
  if (head < queue.length) timer = setTimeout(drain, Math.max(0, queue[head]![0] - now));
}

function later(job: () => void): void {
  if (halfMs <= 0) {
    job();
    return;
  }
  queue.push([performance.now() + halfMs, job]);
  if (!timer) timer = setTimeout(drain, halfMs);
}

const upstream = createSocket({ type: 'udp4', recvBufferSize: BUFFER_BYTES, sendBufferSize: BUFFER_BYTES });
await new Promise<void>((resolve) => upstream.connect(upPort, upHost, resolve));
const listeners: Socket[] = [];
const origin: ([Socket, string, number, number] | undefined)[] = new Array(65536);
let nextId = 0;

upstream.on('message', (msg) => {
  if (msg.length < 12) return;
  const id = msg.readUInt16BE(0);
  const from = origin[id];
  if (!from) {
    st.unmatched++;
    return;
  }
  origin[id] = undefined;
  msg.writeUInt16BE(from[3], 0);
  later(() => {
    st.answers++;
    from[0].send(msg, from[2], from[1]);
  });
});

for (const listen of values.listen ?? ['127.0.0.1:5301']) {
  const [host, port] = split(listen);
  const socket = createSocket({
    type: host.includes(':') ? 'udp6' : 'udp4',
    recvBufferSize: BUFFER_BYTES,
    sendBufferSize: BUFFER_BYTES,
  });
  socket.on('message', (msg, rinfo) => {
    if (msg.length < 12) return;
    const id = nextId;
    nextId = (nextId + 1) & 0xffff;
    if (origin[id]) st.unanswered++;
    origin[id] = [socket, rinfo.address, rinfo.port, msg.readUInt16BE(0)];
    msg.writeUInt16BE(id, 0);
    later(() => {
      st.queries++;
      upstream.send(msg);
    });
  });
  await new Promise<void>((resolve) => socket.bind(port, host, resolve));
  listeners.push(socket);
  process.stdout.write(`ready ${host}:${socket.address().port}\n`);
}

/** The stats line of delay-proxy.c; receive-buffer drops from /proc/net/udp (IPv4 sockets). */
function statsLine(): string {
  const drops = socketDrops();
  const own = [upstream, ...listeners].map((s) => `${s.address().address}:${s.address().port}`);
  const rxOverflow = own.reduce((sum, key) => sum + (drops.get(key) ?? 0), 0);
  const line = {
    impl: 'node',
    queries: st.queries,
    answers: st.answers,
    dropped: { rxOverflow, queueFull: 0, tooBig: 0, sendError: 0 },
    unmatchedAnswers: st.unmatched,
    unanswered: st.unanswered,
    lateMsMax: st.lateMax,
    lateMsMean: st.lateCount ? st.lateSum / st.lateCount : 0,
  };
  st.lateMax = st.lateSum = st.lateCount = 0;
  return `stats ${JSON.stringify(line)}\n`;
}
process.on('SIGUSR1', () => process.stdout.write(statsLine()));
process.on('SIGTERM', () => {
  process.stderr.write(statsLine());
  process.exit(0);
});
