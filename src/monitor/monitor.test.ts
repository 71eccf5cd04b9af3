/** createMonitor with in-memory ports: a scripted resolver, a fake clock, recorded posts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCatalog } from '../check/index.js';
import type { DnsOutcome, RecordMap, RecordType, Resolver } from '../dns/index.js';
import { FLAP_LIMIT, FLAPPING_NOTE } from './detect.js';
import { createMemoryStore, createMonitor, type MonitorConfig } from './index.js';
import type { Clock } from './ports.js';

const ZONE = 'bl.test';
const catalog = parseCatalog(
  [
    { zone: ZONE, name: 'Test BL', kind: 'ip', codes: { '127.0.0.2': 'spam' } },
    { zone: 'zen.spamhaus.org', name: 'Spamhaus ZEN', kind: 'ip' },
  ],
  'test',
);

function fakeResolver(listed: Set<string>, down: { zone: boolean } = { zone: false }): Resolver {
  const answer = (records: string[]) => ({ status: 'answer' as const, records, ms: 0 });
  return {
    async query<T extends RecordType>(name: string, type: T): Promise<DnsOutcome<RecordMap[T]>> {
      if (down.zone) return { status: 'timeout', ms: 0 };
      const ip = name.endsWith(`.${ZONE}`)
        ? name
            .slice(0, -ZONE.length - 1)
            .split('.')
            .reverse()
            .join('.')
        : '';
      const hit = ip === '127.0.0.2' || listed.has(ip);
      if (!hit) return { status: 'nxdomain', ms: 0 };
      return (type === 'TXT' ? answer(['listed']) : answer(['127.0.0.2'])) as DnsOutcome<RecordMap[T]>;
    },
    close() {},
    stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
  };
}

function fakeClock(): Clock & { advance(ms: number): void; timers: { at: number; fn: () => void }[] } {
  let now = Date.parse('2026-01-01T00:00:00Z');
  const timers: { at: number; fn: () => void }[] = [];
  return {
    timers,
    now: () => new Date(now),
    advance(ms) {
      now += ms;
    },
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return { cancel: () => timers.splice(timers.indexOf(t), 1) };
    },
  };
}

function config(partial: Partial<MonitorConfig> = {}): MonitorConfig {
  return {
    groups: [
      { name: 'default', intervalMs: 3_600_000, zones: [ZONE], targets: ['192.0.2.1'], records: false },
    ],
    alerts: [{ kind: 'webhook', url: 'http://127.0.0.1:1/hook/TOKEN' }],
    retentionDays: 90,
    digestHours: null,
    budgets: {},
    jitter: 0,
    allow: { loopback: false, private: false },
    ...partial,
  };
}

function setup(partial: Partial<MonitorConfig> = {}, store = createMemoryStore(), logged: string[] = []) {
  const listed = new Set<string>();
  const down = { zone: false };
  const clock = fakeClock();
  const posts: {
    event: string;
    target: string;
    name: string | null;
    title: string;
    summary: string | null;
  }[] = [];
  const monitor = createMonitor({
    config: config(partial),
    dataDir: '/nonexistent',
    resolver: fakeResolver(listed, down),
    catalog,
    store,
    clock,
    log: (line) => logged.push(line),
    post: async (_url, body) => {
      posts.push(JSON.parse(body) as (typeof posts)[number]);
      return { status: 200 };
    },
    mail: async () => {},
  });
  return { listed, down, clock, posts, monitor };
}

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

  test('metrics: per-target series for listed and named targets only; aggregates by group, state and list', async () => {
    const { listed, monitor } = setup({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets: ['192.0.2.1', '192.0.2.2', '192.0.2.3'],
          names: { '192.0.2.2': 'mail-out-1' },
          records: false,
        },
      ],
    });
    listed.add('192.0.2.1');
    await monitor.runCycle();
    let text = await monitor.registry.metrics();
    const named = '{target="192.0.2.2",name="mail-out-1"}';
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listed${escapeRe(named)} 0$`, 'm'));
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listings${escapeRe(named)} 0$`, 'm'));
    const checkedAt = Date.parse('2026-01-01T00:00:00Z') / 1000;
    assert.match(
      text,
      new RegExp(
        `^mxdoctor_monitor_target_last_checked_timestamp_seconds${escapeRe(named)} ${checkedAt}$`,
        'm',
      ),
    );
    assert.match(text, /^mxdoctor_monitor_listed\{target="192\.0\.2\.1",zone="bl\.test"\} 1$/m);
    assert.match(text, /^mxdoctor_monitor_targets\{group="default",state="clean"\} 2$/m);
    assert.match(text, /^mxdoctor_monitor_listings\{zone="bl\.test"\} 1$/m);
    // The clean, unnamed target has no series of its own.
    assert.doesNotMatch(text, /192\.0\.2\.3/);
    assert.doesNotMatch(text, /mxdoctor_monitor_target_listed\{target="192\.0\.2\.1"/);

    listed.add('192.0.2.2');
    await monitor.runCycle();
    text = await monitor.registry.metrics();
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listed${escapeRe(named)} 1$`, 'm'));
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listings${escapeRe(named)} 1$`, 'm'));
    assert.match(text, /^mxdoctor_monitor_listings\{zone="bl\.test"\} 2$/m);

    // A name given through addTarget renames: the series follow at the next scrape, no cycle needed.
    const view = await monitor.addTarget({ target: '192.0.2.3', name: 'backup-mx' });
    assert.equal(view.name, 'backup-mx');
    await assert.rejects(monitor.addTarget({ target: '192.0.2.3', name: 'bad\nname' }), { code: 'usage' });
    assert.match(
      await monitor.registry.metrics(),
      /^mxdoctor_monitor_target_listed\{target="192\.0\.2\.3",name="backup-mx"\} 0$/m,
    );
    await monitor.removeTarget('192.0.2.2');
    assert.doesNotMatch(await monitor.registry.metrics(), /mail-out-1/);
  });

  test('an alert about a named target carries its current name', async () => {
    const { listed, posts, monitor } = setup({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets: ['192.0.2.1'],
          names: { '192.0.2.1': 'mail-out-1' },
          records: false,
        },
      ],
    });
    await monitor.runCycle();
    listed.add('192.0.2.1');
    await monitor.runCycle();
    const alert = posts.find((p) => p.event === 'listed');
    assert.equal(alert?.name, 'mail-out-1');
    assert.equal(alert?.title, 'mail-out-1 (192.0.2.1) is listed on Test BL');
  });

  test('config sync: targets that left the file stop being watched (history kept), API targets stay', async () => {
    const store = createMemoryStore();
    const logged: string[] = [];
    const group = (targets: string[], names?: Record<string, string>) => ({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets,
          records: false,
          ...(names ? { names } : {}),
        },
      ],
    });
    const first = setup(group(['192.0.2.1', '192.0.2.2']), store, logged);
    first.listed.add('192.0.2.2');
    await first.monitor.runCycle();
    await first.monitor.addTarget({ target: '192.0.2.7' });
    assert.equal((await first.monitor.history('192.0.2.2')).length, 1);
    await first.monitor.stop();

    // A restart with 192.0.2.2 gone from the file.
    const second = setup(group(['192.0.2.1']), store, logged);
    assert.deepEqual(
      (await second.monitor.listTargets()).map((t) => t.target),
      ['192.0.2.1', '192.0.2.7'],
    );
    assert.equal(await second.monitor.getTarget('192.0.2.2'), null);
    assert.equal((await second.monitor.history('192.0.2.2')).length, 1, 'its history stays');
    assert.ok(
      logged.some((l) => /1 no longer watched \(left the file; history kept\): 192\.0\.2\.2/.test(l)),
    );

    // A reload (SIGHUP): a target added with a name, one renamed... the API target still stays.
    const result = await second.monitor.reloadTargets(
      config(group(['192.0.2.1', '192.0.2.8'], { '192.0.2.1': 'renamed' })),
    );
    assert.deepEqual(result, { added: ['192.0.2.8'], updated: ['192.0.2.1'], removed: [] });
    assert.equal((await second.monitor.getTarget('192.0.2.1'))?.name, 'renamed');
    assert.ok(await second.monitor.getTarget('192.0.2.7'));
    const dropped = await second.monitor.reloadTargets(config(group([])));
    assert.deepEqual(dropped.removed.sort(), ['192.0.2.1', '192.0.2.8']);
    assert.deepEqual(
      (await second.monitor.listTargets()).map((t) => t.target),
      ['192.0.2.7'],
    );
    await second.monitor.stop();
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
