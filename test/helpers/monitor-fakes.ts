/** createMonitor with in-memory ports for the monitor's unit tests: a scripted resolver, a fake clock, recorded posts. */
import { parseCatalog } from '../../src/check/index.js';
import type { DnsOutcome, RecordMap, RecordType, Resolver } from '../../src/dns/index.js';
import { createMemoryStore, createMonitor, type MonitorConfig } from '../../src/monitor/index.js';
import type { Clock } from '../../src/monitor/ports.js';

export const ZONE = 'bl.test';
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

export function config(partial: Partial<MonitorConfig> = {}): MonitorConfig {
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

export function setup(
  partial: Partial<MonitorConfig> = {},
  store = createMemoryStore(),
  logged: string[] = [],
) {
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
