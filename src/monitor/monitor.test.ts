/** createMonitor with in-memory ports: a scripted resolver, a fake clock, recorded posts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setup, ZONE } from '../../test/helpers/monitor-fakes.js';
import { FLAP_LIMIT, FLAPPING_NOTE } from './detect.js';
import { createMemoryStore } from './index.js';

describe('createMonitor (in-memory ports)', () => {
  test('flapping is damped: after FLAP_LIMIT changes in a day, one flapping alert, then changes are recorded but not alerted', async () => {
    const { listed, clock, posts, monitor } = setup();
    await monitor.runCycle();
    for (let i = 0; i < FLAP_LIMIT + 2; i++) {
      if (listed.has('192.0.2.1')) listed.delete('192.0.2.1');
      else listed.add('192.0.2.1');
      clock.advance(60_000);
      await monitor.runCycle();
    }
    const changes = posts.filter((p) => p.event === 'listed' || p.event === 'delisted');
    // FLAP_LIMIT alerts, then one more that says it is flapping, then silence.
    assert.equal(changes.length, FLAP_LIMIT + 1);
    assert.deepEqual(
      changes.map((c) => c.summary),
      [...Array(FLAP_LIMIT).fill(null), FLAPPING_NOTE],
    );
    assert.equal((await monitor.history('192.0.2.1')).length, FLAP_LIMIT + 2);
    // Quiet for a day: the next change alerts again.
    clock.advance(86_400_000);
    listed.add('192.0.2.1');
    await monitor.runCycle();
    assert.equal(posts.filter((p) => p.event === 'listed' || p.event === 'delisted').length, FLAP_LIMIT + 2);
  });

  test('a zone that stops answering: the listing stays, no delisting alert, the target says why', async () => {
    const { listed, down, posts, monitor } = setup();
    listed.add('192.0.2.1');
    await monitor.runCycle();
    down.zone = true;
    await monitor.runCycle();
    await monitor.runCycle();
    assert.deepEqual(
      posts.map((p) => p.event),
      ['first-scan'],
    );
    const view = await monitor.getTarget('192.0.2.1');
    assert.equal(view?.state, 'listed');
    assert.ok(view?.unknown.some((u) => u.zone === ZONE && /test points unanswered/.test(u.reason)));
    down.zone = false;
    listed.delete('192.0.2.1');
    await monitor.runCycle();
    assert.deepEqual(
      posts.map((p) => p.event),
      ['first-scan', 'delisted'],
    );
  });

  test('runCycle during a cycle returns the running one', async () => {
    const { monitor } = setup();
    const first = monitor.runCycle();
    assert.equal(monitor.runCycle(), first);
    await first;
    assert.equal(monitor.status().cycles, 1);
  });

  test('digest: alerts are held until the oldest has waited the period, then sent as one; a restart keeps the wait', async () => {
    const store = createMemoryStore();
    const first = setup({ digestHours: 1 }, store);
    await first.monitor.runCycle();
    first.listed.add('192.0.2.1');
    await first.monitor.runCycle();
    first.clock.advance(30 * 60_000);
    first.listed.delete('192.0.2.1');
    await first.monitor.runCycle();
    assert.equal(first.posts.length, 0, 'held, not sent');
    await first.monitor.stop();

    // Restarted 40 minutes later (the process timer would have started again from zero).
    const second = setup({ digestHours: 1 }, store);
    second.clock.advance(70 * 60_000);
    second.monitor.start();
    await second.monitor.runCycle();
    assert.deepEqual(
      second.posts.map((p) => p.event),
      ['digest'],
    );
    // The held rows went into the digest: they are not sent again.
    await second.monitor.runCycle();
    assert.equal(second.posts.length, 1);
    await second.monitor.stop();
  });

  test('retention: events older than the setting are deleted after a cycle; the listing itself stays', async () => {
    const { listed, clock, monitor } = setup({ retentionDays: 2 });
    listed.add('192.0.2.1');
    await monitor.runCycle();
    assert.equal((await monitor.history('192.0.2.1')).length, 1);
    clock.advance(3 * 86_400_000);
    await monitor.runCycle();
    assert.deepEqual(await monitor.history('192.0.2.1'), []);
    assert.equal((await monitor.getTarget('192.0.2.1'))?.state, 'listed');
  });

  test('addTarget: a bad target or an unknown group is a usage error', async () => {
    const { monitor } = setup();
    await assert.rejects(monitor.addTarget({ target: 'not a target!' }), { name: 'MxError', code: 'usage' });
    await assert.rejects(monitor.addTarget({ target: '192.0.2.9', group: 'nope' }), { code: 'usage' });
    const view = await monitor.addTarget({ target: '192.0.2.9' });
    assert.equal(view.state, 'unknown');
    assert.equal(view.checkedAt, null);
    assert.equal(await monitor.removeTarget('192.0.2.9'), true);
  });

  test('budgets: Spamhaus free use, with advice when a watch list would exceed it', () => {
    const targets = Array.from({ length: 20_000 }, (_, i) => `198.18.${i >> 8}.${i & 255}`);
    const { monitor } = setup({
      groups: [
        { name: 'default', intervalMs: 3_600_000, zones: ['zen.spamhaus.org'], targets, records: false },
      ],
    });
    const [zen] = monitor.budgets();
    assert.equal(zen?.zone, 'zen.spamhaus.org');
    assert.equal(zen?.limitPerDay, 300_000);
    assert.ok((zen?.queriesPerDay ?? 0) > 300_000);
    assert.match(zen?.advice ?? '', /over the 300,000\/day free use.*own recursive resolver.*DQS.*interval/);
  });
});
