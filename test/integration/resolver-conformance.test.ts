/**
 * One conformance suite for every Resolver implementation (udp: dns-packet over dgram; node:
 * node:dns/c-ares), run against rbldnsd on loopback, and the unit tests' in-memory fake
 * (test/helpers/fake-resolver.ts) given the same zone contents, so the double cannot drift. The outcome kinds are the contract of
 * src/dns/types.ts: answer / nxdomain / nodata / servfail / refused / timeout / error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createNodeResolver } from '../../src/dns/node-resolver.js';
import type { Resolver, ResolverOptions } from '../../src/dns/types.js';
import { createUdpResolver } from '../../src/dns/udp-resolver.js';
import { createFakeResolver, type FakeZone } from '../helpers/fake-resolver.js';
import { type RbldnsdServer, startRbldnsd } from '../helpers/rbldnsd.js';
import { TEST, testZones } from '../helpers/zones.js';

const IMPLEMENTATIONS: { name: string; create: (o: ResolverOptions) => Resolver; countsRetries: boolean }[] =
  [
    { name: 'udp', create: createUdpResolver, countsRetries: true },
    // c-ares retries inside the library, so the adapter cannot count its retries.
    { name: 'node', create: createNodeResolver, countsRetries: false },
    {
      name: 'fake (unit-test double)',
      create: (o) => createFakeResolver(fakeZone(), { timeoutMs: o.timeoutMs, retries: o.retries }),
      countsRetries: true,
    },
  ];

/** What rbldnsd serves for the names this suite asks (test/helpers/zones.ts), as a FakeZone. */
function fakeZone(): FakeZone {
  const listed = reversed(TEST.listedIp);
  return {
    [`${listed}.${TEST.bl}`]: { A: ['127.0.0.2'], TXT: [TEST.listedTxt] },
    [`${listed}.${TEST.multi}`]: { A: ['127.0.0.2', '127.0.0.3'] },
    [`2.0.0.127.${TEST.bl}`]: { A: ['127.0.0.2'] },
    [`2.0.0.127.${TEST.dead}`]: { A: 'timeout' },
    'anything.nosuch.invalid': { A: 'refused' },
  };
}

function reversed(ip: string): string {
  return ip.split('.').reverse().join('.');
}

let server: RbldnsdServer;
before(async () => {
  server = await startRbldnsd({ zones: testZones() });
});
after(async () => {
  await server?.stop();
});

for (const impl of IMPLEMENTATIONS) {
  describe(`resolver conformance: ${impl.name}`, () => {
    const resolvers: Resolver[] = [];
    const make = (overrides: Partial<ResolverOptions> = {}): Resolver => {
      const resolver = impl.create({
        servers: [{ host: server.host, port: server.port }],
        timeoutMs: 1000,
        retries: 1,
        maxInFlight: 64,
        ...overrides,
      });
      resolvers.push(resolver);
      return resolver;
    };
    after(() => {
      for (const r of resolvers) r.close();
    });

    test('A answer: a listed address gives its code', async () => {
      const outcome = await make().query(`${reversed(TEST.listedIp)}.${TEST.bl}`, 'A');
      assert.equal(outcome.status, 'answer');
      assert.ok(outcome.status === 'answer');
      assert.deepEqual(outcome.records, ['127.0.0.2']);
      assert.equal(typeof outcome.ms, 'number');
    });

    test('TXT answer: the reason with the address substituted', async () => {
      const outcome = await make().query(`${reversed(TEST.listedIp)}.${TEST.bl}`, 'TXT');
      assert.ok(outcome.status === 'answer', `got ${outcome.status}`);
      assert.deepEqual(outcome.records, [TEST.listedTxt]);
    });

    test('multiple A records: both codes, in any order', async () => {
      const outcome = await make().query(`${reversed(TEST.listedIp)}.${TEST.multi}`, 'A');
      assert.ok(outcome.status === 'answer', `got ${outcome.status}`);
      assert.deepEqual([...outcome.records].sort(), ['127.0.0.2', '127.0.0.3']);
    });

    test('NXDOMAIN: an address the zone does not list', async () => {
      const outcome = await make().query(`${reversed(TEST.cleanIp)}.${TEST.bl}`, 'A');
      assert.equal(outcome.status, 'nxdomain');
    });

    test('NODATA: AAAA for a name that has only an A record', async () => {
      const outcome = await make().query(`${reversed(TEST.listedIp)}.${TEST.bl}`, 'AAAA');
      assert.equal(outcome.status, 'nodata');
    });

    test('REFUSED: a zone the server does not serve', async () => {
      const outcome = await make().query('anything.nosuch.invalid', 'A');
      assert.equal(outcome.status, 'refused');
    });

    test('timeout: a zone that never answers, after one retry', async () => {
      const resolver = make({ timeoutMs: 150, retries: 1 });
      const outcome = await resolver.query(`2.0.0.127.${TEST.dead}`, 'A');
      assert.equal(outcome.status, 'timeout');
      assert.ok(resolver.stats.timeouts >= 1, `timeouts counted: ${resolver.stats.timeouts}`);
      if (impl.countsRetries) {
        assert.equal(resolver.stats.retries, 1);
        // Each attempt may resend its datagram after the retransmission timeout.
        assert.ok(resolver.stats.sent >= 2, `sent: ${resolver.stats.sent}`);
      }
    });

    test('a timeout does not hold up answers from a working zone', async () => {
      const resolver = make({ timeoutMs: 300, retries: 0 });
      const [dead, live] = await Promise.all([
        resolver.query(`2.0.0.127.${TEST.dead}`, 'A'),
        resolver.query(`2.0.0.127.${TEST.bl}`, 'A'),
      ]);
      assert.equal(dead.status, 'timeout');
      assert.equal(live.status, 'answer');
    });

    test('close() resolves pending queries as error', async () => {
      const resolver = make({ timeoutMs: 5000, retries: 1 });
      const pending = resolver.query(`2.0.0.127.${TEST.dead}`, 'A');
      await new Promise((resolve) => setTimeout(resolve, 50));
      resolver.close();
      const outcome = await pending;
      assert.equal(outcome.status, 'error');
      const afterClose = await resolver.query(`2.0.0.127.${TEST.bl}`, 'A');
      assert.equal(afterClose.status, 'error');
    });

    test('many queries through a small window: every answer arrives', async () => {
      const resolver = make({ maxInFlight: 8 });
      const names = Array.from({ length: 300 }, (_, i) => `${i % 256}.${(i >> 8) + 1}.0.10.${TEST.bl}`);
      const outcomes = await Promise.all(names.map((n) => resolver.query(n, 'A')));
      assert.equal(outcomes.filter((o) => o.status === 'nxdomain').length, 300);
    });

    test('names are matched case-insensitively (RFC 4343)', async () => {
      const outcome = await make().query(`${reversed(TEST.listedIp)}.${TEST.bl.toUpperCase()}`, 'A');
      assert.equal(outcome.status, 'answer');
    });
  });
}
