/**
 * `npm run bench:serve`: the monitor core (createMonitor, SQLite store) watching 10,000 targets
 * x 50 zones served by rbldnsd, inside a network namespace of its own (host loopback when not
 * root), directly and through a 30 ms delay proxy. Per mode: the first cycle (first scan), a
 * steady cycle (nothing changes), a cycle where 1 % of the targets get listed, one where they
 * are delisted: cycle time, DNS queries, store rows written, alerts. Then the database size
 * after 100 simulated cycles with 1 % changing. One JSON line at the end.
 * Headline: the whole `mxdoctor serve` process (bench/lib/serve-process.ts), then the in-process
 * figures. Options: --targets N (default 10000), --zones N (default 50),
 * --cpu-prof-dir DIR (a CPU profile of the benchmark process), --cli ENTRY.js (the CLI bundle for
 * the process headline, e.g. a private `node scripts/bundle.mjs --cli-only --outdir DIR`), --only process|process-delay|check|check-delay|direct|delay (process: the serve process,
 * direct; process-delay: the same through the delay proxy; check: checkTargets alone, direct;
 * check-delay: the same through the delay proxy), --proxy c|node|auto (the delay proxy:
 * bench/lib/delay-proxy-start.ts; auto, the default, is C when a compiler is found). The checkTargets-alone runs also give the CPU seconds of
 * the client, of rbldnsd and of the proxy, so rbldnsd's capacity (queries per CPU second) is
 * measured in the same run.
 * Not measured here (the HTTP side): API latency during a cycle, dashboard weight.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkTargets, parseCatalog } from '../src/check/index.js';
import { parseTarget } from '../src/core/targets.js';
import { createResolver } from '../src/dns/index.js';
import { createMonitor, type MonitorConfig, openSqliteStore } from '../src/monitor/index.js';
import { freeUdpPort, startRbldnsd } from '../test/helpers/rbldnsd.js';
import { startWebhookSink } from '../test/helpers/webhook-sink.js';
import { type DelayProxyStats, proxyDropped, startDelayProxy, statsDelta } from './lib/delay-proxy-start.js';
import { rcvbufErrors, runInNetns, socketDrops } from './lib/netns.js';
import { cpuSecondsOf } from './lib/proc-cpu.js';
import { simulateDbSize } from './lib/serve-dbsize.js';
import { measureServeProcess, type ProcessFigures } from './lib/serve-process.js';
import { serveBenchData } from './lib/serve-zones.js';

const DELAY_MS = 30;
const { values } = parseArgs({
  options: {
    inner: { type: 'boolean' },
    netns: { type: 'string' },
    targets: { type: 'string' },
    zones: { type: 'string' },
    only: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
    cli: { type: 'string' },
    proxy: { type: 'string' },
  },
});
const PROXY_IMPL = (values.proxy ?? 'auto') as 'c' | 'node' | 'auto';
const N_TARGETS = Number(values.targets ?? 10_000);
const N_ZONES = Number(values.zones ?? 50);

if (!values.inner) {
  const passOn = [
    ...(values.targets ? ['--targets', values.targets] : []),
    ...(values.zones ? ['--zones', values.zones] : []),
    ...(values.only ? ['--only', values.only] : []),
    ...(values.cli ? ['--cli', values.cli] : []),
    ...(values.proxy ? ['--proxy', values.proxy] : []),
  ];
  const prof = values['cpu-prof-dir'];
  const nodeArgs = prof ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
  const code = await runInNetns(new URL(import.meta.url).pathname, passOn, nodeArgs);
  if (code !== null) process.exit(code);
  process.stderr.write(
    'bench:serve: network namespaces unavailable (not root?): running on the host loopback\n',
  );
}

interface CycleFigures {
  cycle: string;
  seconds: number;
  queries: number;
  rowsWritten: number;
  events: number;
  alerts: number;
}

const data = serveBenchData(N_TARGETS, N_ZONES);
const server = await startRbldnsd({ zones: data.zones(false) });
const proxy = await startDelayProxy({
  upstream: `127.0.0.1:${server.port}`,
  delayMs: DELAY_MS,
  listens: [`127.0.0.1:${await freeUdpPort()}`],
  impl: PROXY_IMPL,
});
const proxyPort = Number(proxy.listens[0]!.split(':')[1]);
const sink = await startWebhookSink();
const root = mkdtempSync(join(tmpdir(), 'mxd-bench-serve-'));
const results: Record<string, CycleFigures[]> = {};
const processFigures: Record<string, ProcessFigures & { proxy?: DelayProxyStats }> = {};
const checkOnlyFigures: Record<string, CheckOnlyFigures> = {};
// Interrupted: stop our own children by PID (rbldnsd's helper kills it on exit) and the temp dir.
process.once('SIGTERM', () => {
  process.kill(proxy.pid, 'SIGTERM');
  rmSync(root, { recursive: true, force: true });
  process.exit(143);
});
try {
  process.stdout.write(
    `# bench:serve: ${N_TARGETS} targets x ${N_ZONES} zones, rbldnsd pid ${server.pid}, ${values.netns ? `netns ${values.netns}` : 'host loopback'}, delay proxy: ${proxy.impl} (pid ${proxy.pid})\n\n`,
  );
  for (const mode of ['direct', 'delay'] as const) {
    const only = mode === 'direct' ? 'process' : 'process-delay';
    if (values.only && values.only !== only) continue;
    const dir = join(root, only);
    mkdirSync(dir);
    const proxy0 = await proxy.stats();
    const f = await measureServeProcess({
      root: new URL('..', import.meta.url).pathname,
      dir,
      resolverPort: mode === 'direct' ? server.port : proxyPort,
      targets: data.targets,
      zoneNames: data.zoneNames,
      catalog: catalogJson(),
      ...(values.cli ? { command: [process.execPath, values.cli] } : {}),
      cpuOf: mode === 'direct' ? { rbldnsd: server.pid } : { rbldnsd: server.pid, proxy: proxy.pid },
    });
    const ps = mode === 'delay' ? statsDelta(await proxy.stats(), proxy0) : undefined;
    processFigures[mode] = ps ? { ...f, proxy: ps } : f;
    process.stdout.write(
      `## mxdoctor serve process (${mode === 'direct' ? 'direct' : `+${DELAY_MS} ms`})\nstart + first scan ${f.firstScanWithStartSeconds} s; ` +
        `steady cycle via POST /api/v1/cycle?wait=1 ${f.steadyCycleSeconds} s ` +
        `(in-process ${f.steadyCycleInProcessSeconds} s); peak RSS ${f.peakRssMb} MB; ` +
        `CPU s in the steady cycle: ${Object.entries(f.steadyCycleCpuSeconds)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}\n` +
        (ps ? `${proxyLine(ps)}\n` : ''),
    );
  }
  // The peer in the same run: the same addresses x zones through checkTargets alone (no
  // monitor, no store), so the monitor's own share of a cycle shows.
  if (!values.only || values.only === 'direct' || values.only === 'check') {
    checkOnlyFigures.direct = await checkOnly(server.port);
    printCheckOnly('direct', checkOnlyFigures.direct);
  }
  if (!values.only || values.only === 'delay' || values.only === 'check-delay') {
    checkOnlyFigures.delay = await checkOnly(proxyPort);
    printCheckOnly(`+${DELAY_MS} ms`, checkOnlyFigures.delay);
  }
  for (const mode of ['direct', 'delay'] as const) {
    if (values.only && values.only !== mode) continue;
    results[mode] = await runMode(mode, mode === 'direct' ? server.port : proxyPort);
    printTable(mode, results[mode]!);
  }
  const db = /^(check|process)/.test(values.only ?? '')
    ? { bytes: 0, rowsWritten: 0 }
    : await simulateDbSize(join(root, 'dbsize'), {
        cycles: 100,
        targets: data.targets,
        changesPerCycle: N_TARGETS / 100,
        zone: data.zoneNames[0]!,
      });
  const naiveRows = N_TARGETS * N_ZONES * 100;
  process.stdout.write(
    `\nDB size after 100 simulated cycles with 1 % of targets changing: ${(db.bytes / 1024 / 1024).toFixed(2)} MB ` +
      `(${db.rowsWritten} rows written; one row per answer would be ${naiveRows.toLocaleString('en')} rows)\n`,
  );
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`peak RSS ${rss.toFixed(0)} MB\n`);
  process.stdout.write(
    `${JSON.stringify({ bench: 'serve', targets: N_TARGETS, zones: N_ZONES, netns: Boolean(values.netns), process: processFigures, checkOnly: checkOnlyFigures, results, dbBytesAfter100Cycles: db.bytes, peakRssMb: Math.round(rss) })}\n`,
  );
} finally {
  await Promise.all([proxy.stop(), server.stop(), sink.stop()]);
  rmSync(root, { recursive: true, force: true });
}

async function runMode(mode: string, port: number): Promise<CycleFigures[]> {
  await setChurn(false);
  const resolver = createResolver({ servers: [{ host: '127.0.0.1', port }] });
  const store = openSqliteStore(join(root, mode));
  const catalog = parseCatalog(catalogJson(), 'bench catalog');
  const config: MonitorConfig = {
    groups: [
      {
        name: 'default',
        intervalMs: 3_600_000,
        zones: data.zoneNames,
        targets: data.targets,
        records: false,
      },
    ],
    alerts: [{ kind: 'webhook', url: sink.url }],
    retentionDays: 90,
    digestHours: null,
    budgets: {},
    jitter: 0,
    allow: { loopback: true, private: false },
  };
  const monitor = createMonitor({ config, dataDir: join(root, mode), resolver, catalog, store });
  const figures: CycleFigures[] = [];
  const measure = async (label: string) => {
    const [sent, rows, hooks] = [resolver.stats.sent, store.stats().rowsWritten, sink.received.length];
    const events = (await store.recentEvents(1_000_000)).length;
    const started = performance.now();
    await monitor.runCycle();
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 200));
    process.stderr.write(`bench:serve ${mode} ${label}: ${seconds.toFixed(1)} s\n`);
    figures.push({
      cycle: label,
      seconds: Math.round(seconds * 100) / 100,
      queries: resolver.stats.sent - sent,
      rowsWritten: store.stats().rowsWritten - rows,
      events: (await store.recentEvents(1_000_000)).length - events,
      alerts: sink.received.length - hooks,
    });
  };
  await measure('first scan');
  await measure('steady');
  await setChurn(true);
  await measure('1 % listed');
  await setChurn(false);
  await measure('1 % delisted');
  await monitor.stop();
  resolver.close();
  return figures;
}

interface CheckOnlyFigures {
  seconds: number;
  queries: number;
  queriesPerSecond: number;
  retries: number;
  timeouts: number;
  /** Datagrams dropped by full receive buffers in the namespace (server, proxy or client). */
  dropped: number;
  /** ...of which at rbldnsd's socket. */
  droppedAtServer: number;
  /** CPU seconds of this process (the client), of rbldnsd and of the delay proxy during the run. */
  clientCpuSeconds: number;
  serverCpuSeconds: number;
  proxyCpuSeconds: number;
  /** rbldnsd's capacity: queries per CPU second it spent. */
  serverQueriesPerCpuSecond: number;
  /** Through the proxy: what it forwarded, dropped itself, and how late it sent. */
  proxy?: DelayProxyStats;
}

async function checkOnly(port: number): Promise<CheckOnlyFigures> {
  const resolver = createResolver({ servers: [{ host: '127.0.0.1', port }] });
  const catalog = parseCatalog(catalogJson(), 'bench catalog');
  const targets = data.targets.map((t) => parseTarget(t));
  const cpu0 = process.cpuUsage();
  const [server0, proxy0] = [cpuSecondsOf(server.pid), cpuSecondsOf(proxy.pid)];
  const drops0 = rcvbufErrors();
  const proxyStats0 = await proxy.stats();
  const serverKey = `127.0.0.1:${server.port}`;
  const serverDrops0 = socketDrops().get(serverKey) ?? 0;
  const started = performance.now();
  let n = 0;
  for await (const report of checkTargets(targets, { resolver, catalog })) n += report.results.length;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = cpuSecondsOf(server.pid) - server0;
  const proxyCpu = cpuSecondsOf(proxy.pid) - proxy0;
  const proxyStats = statsDelta(await proxy.stats(), proxyStats0);
  resolver.close();
  if (n !== data.targets.length * data.zoneNames.length) throw new Error(`checkTargets: ${n} results`);
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    seconds: r2(seconds),
    queries: resolver.stats.sent,
    queriesPerSecond: Math.round(resolver.stats.sent / seconds),
    retries: resolver.stats.retries,
    timeouts: resolver.stats.timeouts,
    dropped: rcvbufErrors() - drops0,
    droppedAtServer: (socketDrops().get(serverKey) ?? 0) - serverDrops0,
    clientCpuSeconds: r2((cpu.user + cpu.system) / 1e6),
    serverCpuSeconds: r2(serverCpu),
    proxyCpuSeconds: r2(proxyCpu),
    serverQueriesPerCpuSecond: Math.round(resolver.stats.sent / Math.max(0.01, serverCpu)),
    ...(port === proxyPort ? { proxy: proxyStats } : {}),
  };
}

function printCheckOnly(label: string, f: CheckOnlyFigures): void {
  process.stdout.write(
    `## checkTargets alone (${label}): ${f.seconds} s, ${f.queries} queries, ${f.queriesPerSecond} q/s, ` +
      `${f.retries} retries, ${f.timeouts} timeouts, ${f.dropped} datagrams dropped (${f.droppedAtServer} at rbldnsd); CPU s: client ${f.clientCpuSeconds}, rbldnsd ` +
      `${f.serverCpuSeconds} (${f.serverQueriesPerCpuSecond} q per CPU s), proxy ${f.proxyCpuSeconds}\n` +
      (f.proxy ? `${proxyLine(f.proxy)}\n` : ''),
  );
}

function proxyLine(s: DelayProxyStats): string {
  return (
    `delay proxy (${s.impl}): forwarded ${s.queries} queries / ${s.answers} answers, dropped by the proxy ${proxyDropped(s)} ` +
    `(${JSON.stringify(s.dropped)}), unmatched answers ${s.unmatchedAnswers}, sent late by max ${s.lateMsMax.toFixed(2)} ms / mean ${s.lateMsMean.toFixed(3)} ms`
  );
}

function catalogJson(): Record<string, unknown>[] {
  return data.zoneNames.map((zone) => ({
    zone,
    name: zone,
    kind: 'ip',
    codes: { '127.0.0.2': 'listed' },
    delist: `https://${zone}/`,
  }));
}

async function setChurn(churn: boolean): Promise<void> {
  const lines = data.zones(churn)[0]!.datasets[0]!.lines;
  writeFileSync(join(server.dir, 'z0-0.ip4set'), `${lines.join('\n')}\n`);
  process.kill(server.pid, 'SIGHUP');
  // rbldnsd reloads within a moment; the bench probes the first churned name until it answers so.
  const resolver = createResolver({ servers: [{ host: '127.0.0.1', port: server.port }], timeoutMs: 200 });
  const name = `${data.churned[0]!.split('.').reverse().join('.')}.${data.zoneNames[0]}`;
  for (let i = 0; i < 100; i++) {
    const answer = await resolver.query(name, 'A');
    if ((answer.status === 'answer') === churn) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  resolver.close();
}

function printTable(mode: string, rows: CycleFigures[]): void {
  const rtt = mode === 'direct' ? 'direct' : `+${DELAY_MS} ms RTT`;
  process.stdout.write(
    `\n## ${rtt}\n| cycle | seconds | DNS queries | store rows written | events | alerts |\n|---|---:|---:|---:|---:|---:|\n`,
  );
  for (const r of rows) {
    process.stdout.write(
      `| ${r.cycle} | ${r.seconds} | ${r.queries} | ${r.rowsWritten} | ${r.events} | ${r.alerts} |\n`,
    );
  }
}
