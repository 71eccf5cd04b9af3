// Scripted DNS servers on loopback for behaviour no real server shows on demand: spoofed or
// garbage datagrams, truncation, a dead first server. Real-server tests: resolver-conformance.
import assert from 'node:assert/strict';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { after, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { createUdpResolver } from '../../src/dns/udp-resolver.js';

type Handler = (query: dnsPacket.DecodedPacket, reply: (packet: Buffer) => void, raw: Buffer) => void;

async function scriptedUdp(handler: Handler): Promise<{ port: number; socket: Socket }> {
  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    const query = dnsPacket.decode(msg);
    handler(query, (packet) => socket.send(packet, rinfo.port, rinfo.address), msg);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, socket };
}

function answerA(
  query: dnsPacket.DecodedPacket,
  address: string,
  extra: Partial<dnsPacket.Packet> = {},
): Buffer {
  const q = query.questions![0]!;
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: [q],
    answers: [{ type: 'A', name: q.name, ttl: 60, data: address }],
    ...extra,
  });
}

const toClose: { close(): void }[] = [];
after(() => {
  for (const c of toClose) c.close();
});

describe('UDP resolver against scripted servers', () => {
  it('ignores a datagram whose question does not match, and garbage, then takes the real answer', async () => {
    const server = await scriptedUdp((query, reply) => {
      const q = query.questions![0]!;
      reply(Buffer.from([0, 1, 2])); // garbage
      reply(answerA({ ...query, questions: [{ ...q, name: 'spoofed.example' }] }, '127.0.0.66'));
      setTimeout(() => reply(answerA(query, '127.0.0.2')), 20);
    });
    toClose.push(server.socket);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: server.port }],
      timeoutMs: 1000,
      retries: 0,
      maxInFlight: 16,
    });
    const outcome = await resolver.query('2.0.0.127.bl.test', 'A');
    assert.equal(outcome.status, 'answer');
    assert.deepEqual(outcome.status === 'answer' && outcome.records, ['127.0.0.2']);
    resolver.close();
  });

  it('retries a timed-out query on the next server and counts it', async () => {
    const silent = await scriptedUdp(() => {});
    const good = await scriptedUdp((query, reply) => reply(answerA(query, '127.0.0.4')));
    toClose.push(silent.socket, good.socket);
    const resolver = createUdpResolver({
      servers: [
        { host: '127.0.0.1', port: silent.port },
        { host: '127.0.0.1', port: good.port },
      ],
      timeoutMs: 150,
      retries: 1,
      maxInFlight: 16,
    });
    const outcomes = await Promise.all([1, 2, 3, 4].map((i) => resolver.query(`${i}.0.0.127.bl.test`, 'A')));
    assert.ok(outcomes.every((o) => o.status === 'answer'));
    assert.ok(resolver.stats.retries >= 1, 'at least one query went to the silent server first');
    resolver.close();
  });

  it('reports a timeout (never a clean NXDOMAIN) when no server answers', async () => {
    const silent = await scriptedUdp(() => {});
    toClose.push(silent.socket);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: silent.port }],
      timeoutMs: 100,
      retries: 1,
      maxInFlight: 4,
    });
    const outcome = await resolver.query('2.0.0.127.dead.test', 'A');
    assert.equal(outcome.status, 'timeout');
    assert.match(outcome.status === 'timeout' ? (outcome.message ?? '') : '', /2 tries of 100 ms/);
    assert.equal(resolver.stats.retries, 1);
    assert.ok(resolver.stats.sent >= 2, 'the datagram was sent again before giving up');
    resolver.close();
  });

  it('asks again over TCP when the UDP answer is truncated', async () => {
    const longTxt = 'v=spf1 '.padEnd(900, 'x');
    const udp = await scriptedUdp((query, reply) => {
      reply(
        dnsPacket.encode({
          type: 'response',
          id: query.id,
          flags: dnsPacket.TRUNCATED_RESPONSE,
          questions: query.questions!,
        }),
      );
    });
    const tcp: Server = createServer((conn) => {
      conn.once('data', (data: Buffer) => {
        const query = dnsPacket.streamDecode(data);
        const q = query.questions![0]!;
        conn.end(
          dnsPacket.streamEncode({
            type: 'response',
            id: query.id,
            questions: [q],
            answers: [{ type: 'TXT', name: q.name, ttl: 60, data: longTxt.match(/.{1,255}/g)! }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => tcp.listen(udp.port, '127.0.0.1', resolve));
    toClose.push(udp.socket, tcp);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: udp.port }],
      timeoutMs: 1000,
      retries: 0,
      maxInFlight: 4,
    });
    const outcome = await resolver.query('example.test', 'TXT');
    assert.equal(outcome.status, 'answer', JSON.stringify(outcome));
    assert.equal(outcome.status === 'answer' && outcome.records[0], longTxt);
    resolver.close();
  });

  it('over TCP too, an answer with another id or question is an error, never an answer', async () => {
    const udp = await scriptedUdp((query, reply) => {
      reply(
        dnsPacket.encode({
          type: 'response',
          id: query.id,
          flags: dnsPacket.TRUNCATED_RESPONSE,
          questions: query.questions!,
        }),
      );
    });
    let variant = 0;
    const tcp: Server = createServer((conn) => {
      conn.once('data', (data: Buffer) => {
        const query = dnsPacket.streamDecode(data);
        const q = query.questions![0]!;
        const wrongId = variant++ === 0;
        conn.end(
          dnsPacket.streamEncode({
            type: 'response',
            id: wrongId ? ((query.id ?? 0) + 1) % 65536 : query.id,
            questions: [wrongId ? q : { ...q, name: 'other.example' }],
            answers: [{ type: 'A', name: q.name, ttl: 60, data: '127.0.0.66' }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => tcp.listen(udp.port, '127.0.0.1', resolve));
    toClose.push(udp.socket, tcp);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: udp.port }],
      timeoutMs: 1000,
      retries: 0,
      maxInFlight: 4,
    });
    for (const what of ['id', 'question']) {
      const outcome = await resolver.query('2.0.0.127.bl.test', 'A');
      assert.equal(outcome.status, 'error', `${what}: ${JSON.stringify(outcome)}`);
    }
    resolver.close();
  });

  it('a zone that never answered does not cut the window of the zones that do (loss groups)', async () => {
    // Live names are held 30 ms at the server; dead names are never answered. The peak of live
    // queries outstanding shows the window after the dead zone's losses.
    const peakAfterDeadLosses = async (grouped: boolean): Promise<number> => {
      // Distinct names, so that a resent datagram does not count twice.
      const outstanding = new Set<string>();
      let peak = 0;
      const server = await scriptedUdp((query, reply) => {
        const name = query.questions![0]!.name;
        if (name.endsWith('dead.test')) return;
        outstanding.add(name);
        peak = Math.max(peak, outstanding.size);
        setTimeout(() => {
          outstanding.delete(name);
          reply(answerA(query, '127.0.0.2'));
        }, 30);
      });
      toClose.push(server.socket);
      const resolver = createUdpResolver({
        servers: [{ host: '127.0.0.1', port: server.port }],
        timeoutMs: 250,
        retries: 0,
        maxInFlight: 64,
        adaptiveWindow: false,
      });
      const group = (zone: string) => (grouped ? { lossGroup: zone } : undefined);
      const dead = Array.from({ length: 8 }, (_, i) =>
        resolver.query(`${i}.0.0.10.dead.test`, 'A', group('dead')),
      );
      await Promise.all(dead);
      peak = 0;
      // One window's worth: all of it goes out before the first answer (30 ms) unless cut.
      const live = Array.from({ length: 64 }, (_, i) =>
        resolver.query(`${i}.1.0.10.live.test`, 'A', group('live')),
      );
      assert.equal((await Promise.all(live)).filter((o) => o.status === 'answer').length, 64);
      resolver.close();
      return peak;
    };
    const ungrouped = await peakAfterDeadLosses(false);
    const grouped = await peakAfterDeadLosses(true);
    // Without groups the dead zone's timeout cut the window to 0.7 of 64; with them it stays whole.
    assert.equal(grouped, 64, `grouped ${grouped}, ungrouped ${ungrouped}`);
    assert.ok(ungrouped < grouped, `ungrouped ${ungrouped}`);
  });

  it('keeps at most maxInFlight queries outstanding per server', async () => {
    // Counted by question, not by datagram: on a loaded machine a reply can come later than the
    // client's resend timer, and a resend is the same query (it takes no second window slot).
    const outstanding = new Map<string, number>();
    let peak = 0;
    const server = await scriptedUdp((query, reply) => {
      const name = query.questions![0]!.name;
      outstanding.set(name, (outstanding.get(name) ?? 0) + 1);
      peak = Math.max(peak, outstanding.size);
      setTimeout(() => {
        const left = (outstanding.get(name) ?? 1) - 1;
        if (left > 0) outstanding.set(name, left);
        else outstanding.delete(name);
        reply(answerA(query, '127.0.0.2'));
      }, 5);
    });
    toClose.push(server.socket);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: server.port }],
      timeoutMs: 2000,
      retries: 0,
      maxInFlight: 10,
    });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, (_, i) => resolver.query(`${i % 250}.${i >> 8}.0.127.bl.test`, 'A')),
    );
    assert.equal(outcomes.filter((o) => o.status === 'answer').length, 200);
    assert.ok(peak <= 10, `peak in flight ${peak} exceeds the window of 10`);
    resolver.close();
  });

  it('paces resends: a window that falls due at once is not resent in one burst', async () => {
    let received = 0;
    const silent = await scriptedUdp(() => {
      received++;
    });
    toClose.push(silent.socket);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: silent.port }],
      timeoutMs: 400,
      retries: 0,
      maxInFlight: 512,
    });
    const pending = Array.from({ length: 200 }, (_, i) => resolver.query(`${i}.0.0.127.bl.test`, 'A'));
    // The 200 go out at once (paced at 32/ms); their resend timeout (200 ms, half the attempt's)
    // falls due for all together. Unpaced, all 200 were resent in the first sweep after it.
    await new Promise((r) => setTimeout(r, 330));
    const resent = received - 200;
    resolver.close();
    const outcomes = await Promise.all(pending);
    assert.ok(resent > 0, 'lost datagrams are still resent');
    assert.ok(resent <= 140, `${resent} resent within 130 ms of the timeout: not paced`);
    assert.ok(outcomes.every((o) => o.status !== 'answer' && o.status !== 'nxdomain'));
  });

  it('resolves pending queries as errors when closed', async () => {
    const silent = await scriptedUdp(() => {});
    toClose.push(silent.socket);
    const resolver = createUdpResolver({
      servers: [{ host: '127.0.0.1', port: silent.port }],
      timeoutMs: 5000,
      retries: 0,
      maxInFlight: 4,
    });
    const pending = resolver.query('x.test', 'A');
    resolver.close();
    assert.equal((await pending).status, 'error');
  });
});
