import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DnsOutcome, Resolver } from '../dns/types.js';
import { type HostTarget, lookupMxHosts, probeHosts } from './probe-hosts.js';
import type { Connector } from './types.js';

/**
 * A connector that refuses every connection, after a delay chosen per port, and counts how many
 * attempts are open at once. Refused connections give finished reports without any SMTP.
 */
function refusingConnector(delayFor: (port: number) => number) {
  const stats = { open: 0, most: 0, order: [] as number[] };
  const connect: Connector = async ({ port }) => {
    stats.open++;
    stats.most = Math.max(stats.most, stats.open);
    await new Promise((resolve) => setTimeout(resolve, delayFor(port)));
    stats.open--;
    stats.order.push(port);
    return { ok: false, error: 'connection refused' };
  };
  return { connect, stats };
}

const hosts = (n: number): HostTarget[] =>
  Array.from({ length: n }, (_, i) => ({ host: '192.0.2.1', port: 1000 + i }));

describe('probeHosts', () => {
  it('keeps at most `concurrency` probes open and yields in input order', async () => {
    // Later hosts finish first: the order of the reports must still be the input's.
    const { connect, stats } = refusingConnector((port) => (1020 - port) * 2);
    const ports: number[] = [];
    for await (const r of probeHosts(hosts(20), { connect, concurrency: 3 })) ports.push(r.port);
    assert.deepEqual(
      ports,
      hosts(20).map((h) => h.port),
    );
    assert.equal(stats.most, 3);
    assert.notDeepEqual(
      stats.order,
      ports,
      'the probes did not finish out of order: the test proves nothing',
    );
  });

  it("order 'completion' yields as probes finish", async () => {
    const { connect } = refusingConnector((port) => (port === 1000 ? 60 : 1));
    const ports: number[] = [];
    for await (const r of probeHosts(hosts(4), { connect, concurrency: 4, order: 'completion' }))
      ports.push(r.port);
    assert.equal(ports.at(-1), 1000);
  });

  it('takes hosts from an async source', async () => {
    const { connect } = refusingConnector(() => 1);
    async function* source(): AsyncGenerator<HostTarget> {
      for (const h of hosts(5)) yield h;
    }
    let n = 0;
    for await (const r of probeHosts(source(), { connect })) {
      assert.equal(r.connected, false);
      n++;
    }
    assert.equal(n, 5);
  });

  it('refuses a concurrency out of range', async () => {
    const { connect } = refusingConnector(() => 1);
    await assert.rejects(probeHosts(hosts(1), { connect, concurrency: 0 }).next(), /concurrency/);
  });
});

describe('lookupMxHosts', () => {
  const resolverAnswering = (outcome: DnsOutcome<unknown>): Resolver =>
    ({ query: async () => outcome, close() {} }) as unknown as Resolver;

  it('the hosts in preference order, a null MX left out, the domain for the recipients', async () => {
    const resolver = resolverAnswering({
      status: 'answer',
      records: [
        { preference: 20, exchange: 'MX2.example.test.' },
        { preference: 10, exchange: 'mx1.example.test' },
        { preference: 30, exchange: '' },
      ],
      ms: 0,
    } as DnsOutcome<unknown>);
    const found = await lookupMxHosts('Example.TEST', resolver);
    assert.deepEqual(found.hosts, [
      { host: 'mx1.example.test', domain: 'example.test' },
      { host: 'mx2.example.test', domain: 'example.test' },
    ]);
  });

  it('no MX: no hosts, and the outcome says why', async () => {
    const found = await lookupMxHosts(
      'none.test',
      resolverAnswering({ status: 'nxdomain', ms: 0 } as DnsOutcome<unknown>),
    );
    assert.deepEqual([found.hosts, found.status], [[], 'nxdomain']);
  });
});
