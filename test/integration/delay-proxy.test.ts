/**
 * The benchmarks' delay proxy (bench/lib/delay-proxy.c and its Node fallback delay-proxy.ts),
 * one suite for both: an answer comes back no sooner than the delay with the client's own query
 * id, and many client sockets sending the same id at once each get their own answer (the proxy
 * rewrites ids so they share one upstream socket). Loopback only; an upstream in this process
 * answers each query with a TXT record holding the name asked.
 */
import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import dnsPacket from 'dns-packet';
import { type DelayProxy, proxyDropped, startDelayProxy } from '../../bench/lib/delay-proxy-start.js';

const DELAY_MS = 40;
const CLIENTS = 300;

interface Upstream {
  port: number;
  seenIds: number[];
  close(): void;
}

async function startUpstream(): Promise<Upstream> {
  // A burst of CLIENTS queries at once: the default receive buffer holds ~200 datagrams.
  const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  const seenIds: number[] = [];
  socket.on('message', (msg, rinfo) => {
    const query = dnsPacket.decode(msg);
    seenIds.push(query.id ?? -1);
    const name = query.questions?.[0]?.name ?? '';
    const answer = dnsPacket.encode({
      type: 'response',
      id: query.id ?? 0,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: query.questions ?? [],
      answers: [{ type: 'TXT', name, data: [name] }],
    });
    socket.send(answer, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
  return { port: socket.address().port, seenIds, close: () => socket.close() };
}

/** One query from a fresh socket; resolves with the decoded answer and the elapsed ms. */
async function ask(target: string, id: number, name: string) {
  const [host, port] = [
    target.slice(0, target.lastIndexOf(':')),
    Number(target.slice(target.lastIndexOf(':') + 1)),
  ];
  const socket: Socket = createSocket('udp4');
  try {
    const started = performance.now();
    const reply = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer for ${name}`)), 5_000);
      socket.once('message', (m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
    socket.send(dnsPacket.encode({ type: 'query', id, questions: [{ type: 'TXT', name }] }), port, host);
    const answer = dnsPacket.decode(await reply);
    return { answer, ms: performance.now() - started };
  } finally {
    socket.close();
  }
}

const txtOf = (answer: dnsPacket.Packet) => {
  const record = answer.answers?.[0];
  const data = record && 'data' in record ? (record.data as Buffer[]) : [];
  return Buffer.concat(data).toString();
};

for (const impl of ['c', 'node'] as const) {
  describe(`delay proxy (${impl})`, () => {
    let upstream: Upstream;
    let proxy: DelayProxy;
    before(async () => {
      upstream = await startUpstream();
      proxy = await startDelayProxy({
        upstream: `127.0.0.1:${upstream.port}`,
        delayMs: DELAY_MS,
        listens: ['127.0.0.1:0'],
        impl,
      });
    });
    after(async () => {
      await proxy.stop();
      upstream.close();
    });

    test('an answer arrives after the delay, with the query id restored', async () => {
      assert.equal(proxy.impl, impl);
      const { answer, ms } = await ask(proxy.listens[0]!, 0xbeef, 'one.delay.test');
      assert.ok(ms >= DELAY_MS, `answered after ${ms.toFixed(1)} ms, delay ${DELAY_MS} ms`);
      assert.equal(answer.id, 0xbeef);
      assert.equal(txtOf(answer), 'one.delay.test');
      assert.deepEqual(upstream.seenIds, [0], 'the upstream sees the proxy id, not the client one');
    });

    test('concurrent clients sending the same id each get their own answer', async () => {
      const before = await proxy.stats();
      const names = Array.from({ length: CLIENTS }, (_, i) => `c${i}.delay.test`);
      const replies = await Promise.all(names.map((name) => ask(proxy.listens[0]!, 7, name)));
      for (const [i, { answer, ms }] of replies.entries()) {
        assert.equal(answer.id, 7);
        assert.equal(txtOf(answer), names[i]);
        assert.ok(ms >= DELAY_MS, `${names[i]} after ${ms.toFixed(1)} ms`);
      }
      const stats = await proxy.stats();
      assert.equal(stats.impl, impl);
      assert.equal(stats.queries - before.queries, CLIENTS);
      assert.equal(stats.answers - before.answers, CLIENTS);
      assert.equal(proxyDropped(stats), 0);
      assert.equal(new Set(upstream.seenIds).size, CLIENTS + 1, 'one upstream id per query');
    });
  });
}
