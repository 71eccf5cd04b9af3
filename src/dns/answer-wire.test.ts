import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import fc from 'fast-check';
import { fuzzParams } from '../../test/helpers/fuzz.js';
import { readAnswer } from './answer-wire.js';
import { encodeQuery } from './query-wire.js';
import { normaliseName, outcomeFromPacket } from './records.js';
import type { RecordType } from './types.js';

const NAME = '2.0.0.127.bl.test';
const query = (type: RecordType, name = NAME): Buffer => encodeQuery(name, type, 1232) as Buffer;

function response(o: {
  rcode?: number;
  name?: string;
  type?: RecordType;
  answers?: dnsPacket.Answer[];
  authorities?: dnsPacket.Answer[];
  flags?: number;
  kind?: 'response' | 'query';
}): Buffer {
  return dnsPacket.encode({
    type: o.kind ?? 'response',
    id: 0,
    flags: (o.flags ?? dnsPacket.RECURSION_DESIRED) | (o.rcode ?? 0),
    questions: [{ type: o.type ?? 'A', name: o.name ?? NAME }],
    answers: o.answers ?? [],
    authorities: o.authorities ?? [],
  });
}

const a = (data: string, ttl = 60): dnsPacket.Answer => ({ type: 'A', name: NAME, ttl, class: 'IN', data });

describe('readAnswer', () => {
  it('reads A records and the smallest TTL', () => {
    const read = readAnswer(
      response({ answers: [a('127.0.0.2', 60), a('127.0.0.10', 30)] }),
      query('A'),
      'A',
      5,
    );
    assert.deepEqual(read, {
      kind: 'outcome',
      outcome: { status: 'answer', records: ['127.0.0.2', '127.0.0.10'], ms: 5, ttl: 30 },
    });
  });

  it('reads NXDOMAIN, SERVFAIL, REFUSED and other rcodes by name', () => {
    const status = (rcode: number) => {
      const read = readAnswer(response({ rcode }), query('A'), 'A', 1);
      return read.kind === 'outcome'
        ? [read.outcome.status, read.outcome.status === 'answer' ? '' : read.outcome.message]
        : read.kind;
    };
    assert.deepEqual(status(3), ['nxdomain', 'NXDOMAIN']);
    assert.deepEqual(status(2), ['servfail', 'SERVFAIL']);
    assert.deepEqual(status(5), ['refused', 'REFUSED']);
    assert.deepEqual(status(4), ['error', 'NOTIMP']);
    assert.deepEqual(status(0), ['nodata', undefined]);
  });

  it('ignores another question, a query (QR clear), and a message cut short', () => {
    assert.equal(readAnswer(response({ name: '3.0.0.127.bl.test' }), query('A'), 'A', 1).kind, 'ignore');
    assert.equal(readAnswer(response({ type: 'TXT' }), query('A'), 'A', 1).kind, 'ignore');
    assert.equal(readAnswer(response({ kind: 'query' }), query('A'), 'A', 1).kind, 'ignore');
    const full = response({ answers: [a('127.0.0.2')] });
    assert.equal(readAnswer(full.subarray(0, full.length - 2), query('A'), 'A', 1).kind, 'ignore');
    const classCh = Buffer.from(response({ rcode: 3 }));
    classCh.writeUInt16BE(3, 12 + NAME.length + 2 + 2); // class CH instead of IN
    assert.equal(readAnswer(classCh, query('A'), 'A', 1).kind, 'ignore');
  });

  it('matches the question name without regard to ASCII case (RFC 4343)', () => {
    const read = readAnswer(response({ name: NAME.toUpperCase(), rcode: 3 }), query('A'), 'A', 1);
    assert.equal(read.kind === 'outcome' && read.outcome.status, 'nxdomain');
  });

  it('says truncated when TC is set, and leaves CNAMEs and other types to the general decoder', () => {
    const tc = response({ flags: dnsPacket.TRUNCATED_RESPONSE, answers: [a('127.0.0.2')] });
    assert.equal(readAnswer(tc, query('A'), 'A', 1).kind, 'truncated');
    const cname: dnsPacket.Answer = { type: 'CNAME', name: NAME, ttl: 60, class: 'IN', data: 'x.bl.test' };
    assert.equal(
      readAnswer(response({ answers: [cname, a('127.0.0.2')] }), query('A'), 'A', 1).kind,
      'general',
    );
    const txt: dnsPacket.Answer = { type: 'TXT', name: NAME, ttl: 60, class: 'IN', data: 'why' };
    assert.equal(
      readAnswer(response({ type: 'TXT', answers: [txt] }), query('TXT'), 'TXT', 1).kind,
      'general',
    );
  });

  it('agrees with dns-packet + outcomeFromPacket on random and damaged answers', () => {
    const types: RecordType[] = ['A', 'A', 'A', 'TXT', 'AAAA'];
    const record = fc.oneof(
      fc.ipV4().map((data): dnsPacket.Answer => ({ type: 'A', name: NAME, ttl: 60, class: 'IN', data })),
      fc.ipV6().map((data): dnsPacket.Answer => ({ type: 'AAAA', name: NAME, ttl: 9, class: 'IN', data })),
      fc
        .string({ maxLength: 20 })
        .map((data): dnsPacket.Answer => ({ type: 'TXT', name: NAME, ttl: 5, class: 'IN', data })),
    );
    const datagram = fc
      .tuple(
        fc.array(record, { maxLength: 5 }),
        fc.array(record, { maxLength: 2 }),
        fc.constantFrom(0, 2, 3, 5, 9),
        fc.constantFrom(...types),
        // Half undamaged; the other half with bytes flipped or the datagram cut.
        fc.oneof(fc.constant([]), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 2 })),
        fc.option(fc.nat(), { freq: 1 }),
      )
      .map(([answers, authorities, rcode, type, flips, cut]) => {
        const out = Buffer.from(response({ answers, authorities, rcode, type }));
        for (const [at, value] of flips) out[at % out.length] = value;
        const pristine = flips.length === 0 && cut === null;
        return { bytes: cut === null ? out : out.subarray(0, cut % (out.length + 1)), type, pristine };
      });
    let outcomes = 0;
    fc.assert(
      fc.property(datagram, ({ bytes, type, pristine }) => {
        const read = readAnswer(bytes, query(type), type, 1);
        let packet: dnsPacket.Packet | undefined;
        try {
          packet = dnsPacket.decode(bytes);
        } catch {
          packet = undefined;
        }
        const question = packet?.questions?.[0];
        const ours =
          packet !== undefined &&
          packet.type === 'response' &&
          packet.questions?.length === 1 &&
          question !== undefined &&
          normaliseName(question.name) === NAME &&
          question.type === type &&
          question.class === 'IN';
        if (read.kind === 'ignore') {
          assert.ok(!pristine, 'an undamaged answer to our question is read');
          return; // damaged: dns-packet may be laxer (it reads past some damage)
        }
        // The general decoder also throws on damaged rdata of records readAnswer does not read
        // (a TXT whose lengths overrun it): readAnswer reads the rest; the id and question
        // matched, and such damage changes nothing it reports.
        if (packet === undefined) return;
        assert.ok(ours, `readAnswer took a datagram the general path rejects: ${bytes.toString('hex')}`);
        if (read.kind === 'truncated') assert.equal((packet as { flag_tc?: boolean }).flag_tc, true);
        if (read.kind === 'outcome') {
          outcomes++;
          assert.deepEqual(read.outcome, outcomeFromPacket(packet!, type, 1));
        }
      }),
      fuzzParams(),
    );
    assert.ok(outcomes > 20, `the generator reaches the outcome path (${outcomes})`);
  });
});
