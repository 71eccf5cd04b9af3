import { connect } from 'node:net';
import dnsPacket from 'dns-packet';
import { normaliseName, outcomeFromPacket } from './records.js';
import type { DnsOutcome, RecordMap, RecordType, ServerAddress } from './types.js';

/** Largest DNS message over TCP (RFC 1035 §4.2.2 two-byte length prefix). */
const MAX_TCP_MESSAGE = 65_535;

/**
 * One query over TCP, used when a UDP answer came back truncated (RFC 7766 §5): large TXT sets
 * (SPF, long DNSBL reasons). One connection per query is fine for this rare path. As over UDP,
 * the answer must carry our random id and our question (RFC 5452 §4.1): a stream from a
 * middlebox or a confused server that answers something else is an error, never an answer.
 */
export function queryOverTcp<T extends RecordType>(
  server: ServerAddress,
  name: string,
  type: T,
  timeoutMs: number,
): Promise<DnsOutcome<RecordMap[T]>> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const id = (Math.random() * 65536) | 0;
  const wanted = normaliseName(name);
  return new Promise((resolve) => {
    const socket = connect({ host: server.host, port: server.port });
    let buffer = Buffer.alloc(0);
    let done = false;
    const finish = (outcome: DnsOutcome<RecordMap[T]>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ status: 'timeout', message: `no TCP answer in ${timeoutMs} ms`, ms: ms() }),
      timeoutMs,
    );
    socket.on('connect', () => {
      socket.write(
        dnsPacket.streamEncode({
          type: 'query',
          id,
          flags: dnsPacket.RECURSION_DESIRED,
          questions: [{ type, name }],
        }),
      );
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 2) return;
      const length = buffer.readUInt16BE(0);
      if (length > MAX_TCP_MESSAGE || buffer.length < length + 2) return;
      try {
        const packet = dnsPacket.decode(buffer.subarray(2, length + 2));
        const question = packet.questions?.[0];
        if (
          packet.id !== id ||
          !question ||
          normaliseName(question.name) !== wanted ||
          question.type !== type
        ) {
          finish({
            status: 'error',
            message: 'TCP answer for another query (id or question differs)',
            ms: ms(),
          });
          return;
        }
        finish(outcomeFromPacket(packet, type, ms()));
      } catch (error) {
        finish({ status: 'error', message: `malformed TCP answer: ${(error as Error).message}`, ms: ms() });
      }
    });
    socket.on('error', (error) => finish({ status: 'error', message: `TCP: ${error.message}`, ms: ms() }));
    socket.on('close', () =>
      finish({ status: 'error', message: 'TCP connection closed before an answer', ms: ms() }),
    );
  });
}
