/**
 * `npm run bench:check`: the blocklist check against rbldnsd serving 50 generated zones (plus a
 * dead, a list-everything and a public-resolver-refusal zone), directly and through 30 ms of
 * added round-trip time (a delay proxy: this kernel has no netem), inside a network namespace
 * of its own. Workloads: (i) 1 IP x 50 zones, (ii) 1,000 IPs x 50 zones, (iii) a /16 x 1 zone
 * streamed; peers in the same run: Perl's Net::RBLClient, npm `dnsbl`, and node:dns
 * (createNodeResolver) against our UDP resolver. Prints a markdown table, a behaviour table, the
 * goals, and one JSON line at the end. Then the unkind-network workloads as whole processes
 * (lib/network-workloads.ts): 100 IPs x 50 lists at 30 ms with and without one dead list, and a
 * /24 through a resolver that answers NXDOMAIN for everything or is not there. Options: `--only
 * REGEX` (workload/peer filter; `network` selects the unkind-network workloads), `--runs N`
 * (median of N runs per cell; default 1).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_IN_FLIGHT } from '../src/dns/index.js';
import { freeUdpPort, startRbldnsd } from '../test/helpers/rbldnsd.js';
import { generateBenchZones, RANGE, RANGE_ZONE, SPECIAL_ZONES } from './lib/bench-zones.js';
import {
  type Endpoints,
  formatRow,
  type Mode,
  type Peer,
  prepareRunners,
  type Row,
  runWork,
  TABLE_HEAD,
  type Work,
} from './lib/matrix.js';
import { runInNetns } from './lib/netns.js';
import {
  formatNetworkRow,
  NETWORK_TABLE_HEAD,
  type NetworkRow,
  networkGoals,
  runNetworkWorkloads,
} from './lib/network-workloads.js';

const DELAY_MS = 30;
const WINDOW_SWEEP = [64, 128, 256, 512, 1024];
/** The one IP of workload (i): inside the /25 range listing, so several lists list it. */
const ONE_IP = '198.51.100.200';

const { values } = parseArgs({
  options: {
    inner: { type: 'boolean' },
    netns: { type: 'string' },
    only: { type: 'string' },
    runs: { type: 'string' },
  },
  allowPositionals: true,
});

if (!values.inner) {
  const passOn = [
    ...(values.only ? ['--only', values.only] : []),
    ...(values.runs ? ['--runs', values.runs] : []),
  ];
  const code = await runInNetns(new URL(import.meta.url).pathname, passOn);
  if (code !== null) process.exit(code);
  process.stderr.write(
    'bench: network namespaces unavailable (not root?): running on the host loopback, without Net::RBLClient\n',
  );
}
await inner(values.netns);

async function startProxy(upstreamPort: number, listens: string[]): Promise<ChildProcess> {
  const root = new URL('..', import.meta.url).pathname;
  const args = [
    '--import',
    'tsx',
    join(root, 'bench/lib/delay-proxy.ts'),
    '--upstream',
    `127.0.0.1:${upstreamPort}`,
  ];
  args.push('--delay', String(DELAY_MS));
  for (const l of listens) args.push('--listen', l);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.split('\n').filter((l) => l.startsWith('ready')).length >= listens.length) resolve();
    });
    child.once('exit', (code) => reject(new Error(`delay proxy exited (${code})`)));
  });
  return child;
}

type BenchFiles = Record<'one' | 'ips' | 'zones50' | 'zones53' | 'rangeZone', string>;
type BenchData = ReturnType<typeof generateBenchZones>;

/** One mode's runs: (i) every client, (ii) every client + TXT + the window sweep, (iii) ours. */
function planMode(mode: Mode, files: BenchFiles, data: BenchData, peers: Peer[], one: Set<string>): Work[] {
  const single = {
    workload: '(i) 1 IP x 50',
    mode,
    ipsFile: files.one,
    zonesFile: files.zones50,
    expected: one,
  };
  const bulk = {
    workload: '(ii) 1000 IPs x 50',
    mode,
    ipsFile: files.ips,
    zonesFile: files.zones50,
    expected: data.expected,
  };
  const range = {
    workload: '(iii) /16 x 1 streamed',
    mode,
    cidr: RANGE,
    zonesFile: files.rangeZone,
    expected: data.expectedRange,
  };
  return [
    // (i) as the CLI does it: TXT for listings; run twice in-process (cold, then warm).
    ...peers.map(
      (peer): Work =>
        peer.startsWith('mxdoctor') ? { ...single, peer, txt: true, warm: true } : { ...single, peer },
    ),
    ...[...peers, 'mxdoctor-udp-txt' as Peer].map((peer): Work => ({ ...bulk, peer })),
    // Fixed windows (`--concurrency N`), against which the default adaptive window is judged.
    ...WINDOW_SWEEP.map((maxInFlight): Work => ({ ...bulk, peer: 'mxdoctor-udp', maxInFlight })),
    ...(['mxdoctor-udp', 'mxdoctor-node'] as Peer[]).map((peer): Work => ({ ...range, peer })),
  ];
}

function plan(files: BenchFiles, data: BenchData, netns: boolean): Work[] {
  const one = new Set([...data.expected].filter((k) => k.startsWith(`${ONE_IP}\t`)));
  const perl: Peer[] = netns ? ['perl'] : [];
  const peers: Peer[] = ['mxdoctor-udp', 'mxdoctor-node', 'npm-dnsbl', ...perl];
  const behaviour = (['mxdoctor-udp', 'npm-dnsbl', ...perl] as Peer[]).map(
    (peer): Work => ({
      workload: 'behaviour 1 IP x 53',
      mode: 'delay',
      peer,
      ipsFile: files.one,
      zonesFile: files.zones53,
      expected: one,
      watchZones: Object.values(SPECIAL_ZONES),
    }),
  );
  return [
    ...planMode('direct', files, data, peers, one),
    ...planMode('delay', files, data, peers, one),
    ...behaviour,
  ];
}

function writeInputs(dir: string, data: BenchData): BenchFiles {
  const files: BenchFiles = {
    one: join(dir, 'ip-one.txt'),
    ips: join(dir, 'ips-1000.txt'),
    zones50: join(dir, 'zones-50.txt'),
    zones53: join(dir, 'zones-53.txt'),
    rangeZone: join(dir, 'zone-range.txt'),
  };
  writeFileSync(files.one, `${ONE_IP}\n`);
  writeFileSync(files.ips, `${data.ips.join('\n')}\n`);
  writeFileSync(files.zones50, `${data.listZones.join('\n')}\n`);
  writeFileSync(files.zones53, `${[...data.listZones, ...Object.values(SPECIAL_ZONES)].join('\n')}\n`);
  writeFileSync(files.rangeZone, `${RANGE_ZONE}\n`);
  return files;
}

async function inner(netns: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mxd-bench-'));
  const data = generateBenchZones(50);
  const files = writeInputs(dir, data);
  const inNs = netns !== undefined;
  const server = await startRbldnsd({ zones: data.zones, extraBinds: inNs ? ['127.0.0.2/53'] : [] });
  const proxyPort = await freeUdpPort();
  const proxy = await startProxy(server.port, [`127.0.0.1:${proxyPort}`, ...(inNs ? ['127.0.0.3:53'] : [])]);
  const endpoints: Endpoints = {
    direct: { host: '127.0.0.1', port: server.port },
    delay: { host: '127.0.0.1', port: proxyPort },
    direct53: '127.0.0.2',
    delay53: '127.0.0.3',
    serverSockets: [`127.0.0.1:${server.port}`, '127.0.0.2:53'],
  };
  const runners = await prepareRunners(dir);
  // Interrupted (a signal may come twice: from the process group and forwarded by the parent):
  // stop our own children by PID (rbldnsd, the proxy) and remove the temp dir before dying.
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    proxy.kill('SIGTERM');
    void server.stop().finally(() => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const where = `${inNs ? `network namespace ${netns}` : 'host loopback (no namespace)'}; runners ${runners.bundled ? 'bundled, plain node' : 'under tsx'}`;
  process.stdout.write(
    `# bench:check — rbldnsd pid ${server.pid} on 127.0.0.1:${server.port}, delay proxy +${DELAY_MS} ms on :${proxyPort}, ${where}\n`,
  );
  process.stdout.write(
    `# ${data.listZones.length} zones, ${data.ips.length} IPs, ${data.expected.size} expected listings; /16 zone: ${data.expectedRange.size} listings\n\n${TABLE_HEAD}\n`,
  );
  const rows: Row[] = [];
  let network: NetworkRow[] = [];
  try {
    const only = values.only ? new RegExp(values.only) : null;
    const works = plan(files, data, inNs).filter(
      (w) => !only || only.test(`${w.workload} ${w.mode} ${w.peer}`),
    );
    const runs = Number(values.runs ?? 1);
    for (const [i, work] of works.entries()) {
      const tries: Row[] = [];
      for (let k = 0; k < runs; k++) tries.push(await runWork(work, endpoints, runners, dir, i * 100 + k));
      // The median run by in-client time (the machine is shared: single runs are noisy).
      const row = tries.sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity))[Math.floor((runs - 1) / 2)]!;
      row.runsMs = tries.map((t) => t.ms ?? Number.NaN);
      rows.push(row);
      if (!row.byZone) process.stdout.write(`${formatRow(row)}\n`);
    }
    if (!only || only.test('network')) {
      process.stdout.write(`\n${NETWORK_TABLE_HEAD}\n`);
      network = await runNetworkWorkloads({
        dir,
        delay: endpoints.delay,
        listZones: data.listZones,
        deadZone: SPECIAL_ZONES.dead,
        ips: data.ips,
        runs: Number(values.runs ?? 1),
      });
      for (const r of network) process.stdout.write(`${formatNetworkRow(r)}\n`);
    }
  } finally {
    proxy.kill('SIGTERM');
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  printBehaviour(rows);
  printGoals(rows);
  const goals = networkGoals(network);
  if (goals.length)
    process.stdout.write(`\nUnkind network (issue 10):\n${goals.map((l) => `- ${l}`).join('\n')}\n`);
  process.stdout.write(`${JSON.stringify({ bench: 'check', where, delayMs: DELAY_MS, rows, network })}\n`);
}

function printBehaviour(rows: Row[]): void {
  const behaviour = rows.filter((r) => r.byZone);
  if (behaviour.length === 0) return;
  const zones = Object.values(SPECIAL_ZONES);
  process.stdout.write(
    `\n| behaviour (1 IP x 53 lists, 30 ms) | in-client ms | ${zones.join(' | ')} |\n|---|---|${zones.map(() => '---|').join('')}\n`,
  );
  for (const r of behaviour) {
    process.stdout.write(
      `| ${r.peer} | ${r.ms ?? '—'} | ${zones.map((z) => r.byZone?.[z] ?? '').join(' | ')} |\n`,
    );
  }
}

/** Answers lost on the way: datagrams dropped at the server's or the client's socket. */
function lost(r: Row): number {
  return r.drops.server + r.drops.client;
}

/** Every expected listing found, no error, no answer lost. */
function complete(r: Row): boolean {
  return r.missed === 0 && r.unexpected === 0 && r.errors === 0 && lost(r) === 0;
}

function describe(r: Row | undefined): string {
  if (!r) return 'not run';
  return `${r.peer}: ${r.ms ?? '—'} ms, ${r.qps ?? '—'} q/s, ${r.found}/${r.expected} found, ${r.errors} errors, ${lost(r)} datagrams lost (${r.resent ?? 0} resent)`;
}

function printGoals(rows: Row[]): void {
  const find = (workload: string, mode: Mode, peer: RegExp) =>
    rows.filter((r) => r.workload.startsWith(workload) && r.mode === mode && peer.test(r.peer));
  const ours = /^mxdoctor udp auto$/;
  const fastest = (list: Row[]) => list.filter(complete).sort((a, b) => (a.ms ?? 0) - (b.ms ?? 0))[0];
  const verdict = (ok: boolean | undefined) => (ok === undefined ? 'not run' : ok ? 'MET' : 'MISSED');
  const one = find('(i)', 'delay', /^mxdoctor udp \+TXT/)[0];
  const direct = find('(ii)', 'direct', ours)[0];
  const delayed = find('(ii)', 'delay', ours)[0];
  const range = find('(iii)', 'delay', ours)[0] ?? find('(iii)', 'direct', ours)[0];
  const lines = [
    `(i) 1 IP x 50 at 30 ms within 2 round trips (<= ${2 * DELAY_MS + 10} ms), cold: ${one?.ms ?? '—'} ms (warm ${one?.msWarm ?? '—'} ms): ${verdict(one?.ms != null ? one.ms <= 2 * DELAY_MS + 10 : undefined)}`,
    `(ii) direct >= 30,000 q/s, complete: ${describe(direct)}: ${verdict(direct ? (direct.qps ?? 0) >= 30_000 && complete(direct) : undefined)}`,
    `     fastest complete window: ${describe(fastest(find('(ii)', 'direct', /^mxdoctor udp w/)))}`,
    `(ii) 30 ms <= 5 s, complete: ${describe(delayed)}: ${verdict(delayed ? (delayed.ms ?? Infinity) <= 5000 && complete(delayed) : undefined)}`,
    `     fastest complete window: ${describe(fastest(find('(ii)', 'delay', /^mxdoctor udp w/)))}`,
    `(iii) /16 peak RSS < 150 MB, flat: ${range?.maxRssMb ?? '—'} MB (at 25/50/75/100 %: ${range?.rssProgressMb?.join('/') ?? '—'}): ${verdict(range ? (range.maxRssMb ?? Infinity) < 150 && range.missed === 0 : undefined)}`,
  ];
  process.stdout.write(
    `\nGoals (mxdoctor udp, the default window: adaptive, at most ${DEFAULT_MAX_IN_FLIGHT}):\n${lines.map((l) => `- ${l}`).join('\n')}\n`,
  );
}
