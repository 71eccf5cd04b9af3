/**
 * Fuzz: the DNS answer path the UDP and TCP clients share: dns-packet's decode, then
 * outcomeFromPacket. Inputs: well-formed answers of every record type the resolver asks for,
 * then mutated (bytes flipped, truncated, extended), and raw random datagrams. Properties: decode
 * may throw (the resolver drops such datagrams and keeps waiting) but outcomeFromPacket never
 * does; the outcome's status is one of the documented ones and every record has its type's shape.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { outcomeFromPacket } from './records.js';
import type { RecordType } from './types.js';

const TYPES: RecordType[] = ['A', 'AAAA', 'TXT', 'MX', 'PTR', 'CNAME', 'NS'];
const STATUSES = new Set(['answer', 'nxdomain', 'nodata', 'servfail', 'refused', 'timeout', 'error']);
const name = fc.constantFrom('2.0.0.127.bl.test', 'example.test', 'a.b.c.d.e.f', '.');

const answer = fc.oneof(
  fc.ipV4().map((data) => ({ type: 'A' as const, data })),
  fc.ipV6().map((data) => ({ type: 'AAAA' as const, data })),
  fc
    .array(fc.string({ maxLength: 60, unit: 'binary' }), { maxLength: 3 })
    .map((data) => ({ type: 'TXT' as const, data })),
  fc
    .tuple(fc.nat(65535), name)
    .map(([preference, exchange]) => ({ type: 'MX' as const, data: { preference, exchange } })),
  name.map((data) => ({ type: 'CNAME' as const, data })),
  name.map((data) => ({ type: 'PTR' as const, data })),
  name.map((data) => ({ type: 'NS' as const, data })),
);

const response = fc
  .tuple(
    fc.array(answer, { maxLength: 6 }),
    fc.constantFrom('NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', 'NOTIMP'),
    fc.constantFrom(...TYPES),
  )
  .map(([answers, rcode, type]) => {
    const flags =
      dnsPacket.RECURSION_DESIRED | { NOERROR: 0, NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5, NOTIMP: 4 }[rcode];
    return dnsPacket.encode({
      type: 'response',
      id: 7,
      flags,
      questions: [{ type, name: 'example.test' }],
      answers: answers.map((a) => ({
        ...a,
        name: 'example.test',
        ttl: 60,
        class: 'IN',
      })) as dnsPacket.Answer[],
    });
  });

const datagram = fc.oneof(
  response,
  fc
    .tuple(response, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { maxLength: 6 }), fc.nat(), fc.boolean())
    .map(([bytes, flips, cut, truncate]) => {
      const out = Buffer.from(bytes);
      for (const [at, value] of flips) if (out.length) out[at % out.length] = value;
      return truncate ? out.subarray(0, cut % (out.length + 1)) : out;
    }),
  fc.uint8Array({ minLength: 12, maxLength: 512 }).map((b) => Buffer.from(b)),
);

function assertShape(type: RecordType, record: unknown): void {
  if (type === 'MX') {
    const mx = record as { preference: unknown; exchange: unknown };
    assert.equal(typeof mx.preference, 'number');
    assert.equal(typeof mx.exchange, 'string');
  } else assert.equal(typeof record, 'string');
}

describe('DNS answer parser fuzz', () => {
  it('decode + outcomeFromPacket: outcome always valid, never a throw past decode', fuzzTestOptions(), () => {
    let answers = 0;
    fc.assert(
      fc.property(datagram, fc.constantFrom(...TYPES), (bytes, type) => {
        let packet: dnsPacket.Packet;
        try {
          packet = dnsPacket.decode(bytes);
        } catch {
          return; // the resolver drops an undecodable datagram (udp-resolver.ts onMessage)
        }
        const outcome = outcomeFromPacket(packet, type, 1);
        assert.ok(STATUSES.has(outcome.status), outcome.status);
        if (outcome.status === 'answer') {
          answers++;
          assert.ok(outcome.records.length > 0);
          for (const r of outcome.records) assertShape(type, r);
        }
      }),
      fuzzParams(),
    );
    assert.ok(answers > 0, 'the generator reaches the answer path, not only decode errors');
  });
});
