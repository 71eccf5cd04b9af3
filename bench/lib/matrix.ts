/**
 * The benchmark's runs: which runner, which workload, which server, and how each result is
 * scored against the expected listings.
 */
import { join } from 'node:path';
import { type Job, type RunnerResult, readVerdicts, runRunner } from './job.js';
import { rcvbufErrors, socketDrops } from './netns.js';

export type Mode = 'direct' | 'delay';
export type Peer = 'mxdoctor-udp' | 'mxdoctor-udp-txt' | 'mxdoctor-node' | 'npm-dnsbl' | 'perl';

export interface Endpoints {
  /** rbldnsd and the delay proxy on 127.0.0.1 (any port). */
  direct: { host: string; port: number };
  delay: { host: string; port: number };
  /** Port-53 addresses for Net::RBLClient (only inside the namespace). */
  direct53?: string;
  delay53?: string;
  /** `ip:port` of rbldnsd's sockets, to tell where datagrams were dropped. */
  serverSockets: string[];
}

export interface Row {
  workload: string;
  mode: Mode;
  peer: string;
  ms: number | null;
  msWarm?: number;
  /** In-client ms of every run of the cell (the row is the median one). */
  runsMs?: number[];
  processMs: number;
  queries: number | null;
  /** Datagrams sent again (after a loss or a timeout); null where the client cannot tell. */
  resent: number | null;
  qps: number | null;
  found: number;
  expected: number;
  missed: number;
  unexpected: number;
  errors: number | null;
  timeouts: number | null;
  rcvbufErrors: number;
  /** Where the RcvbufErrors happened: rbldnsd's socket, the delay proxy's, the client's. */
  drops: { server: number; proxy: number; client: number };
  cpuMs: number | null;
  maxRssMb: number | null;
  rssProgressMb?: number[];
  byZone?: Record<string, string>;
  note?: string;
}

export interface Work {
  workload: string;
  mode: Mode;
  peer: Peer;
  ipsFile?: string;
  cidr?: string;
  zonesFile: string;
  expected: ReadonlySet<string>;
  warm?: boolean;
  /** mxdoctor peers: fetch TXT for listings (the CLI default). */
  txt?: boolean;
  /** mxdoctor peers: the resolver's in-flight window (default: the CLI's). */
  maxInFlight?: number;
  /** Record the verdict of these zones (behaviour table). */
  watchZones?: string[];
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** How to start each runner: bundled to plain JS when esbuild is at hand (true RSS), else under tsx. */
export interface Runners {
  mxdoctor: [string, string[]];
  npm: [string, string[]];
  bundled: boolean;
}

export async function prepareRunners(dir: string): Promise<Runners> {
  const sources = { mxdoctor: 'bench/lib/run-mxdoctor.ts', npm: 'bench/lib/run-npm-dnsbl.ts' };
  try {
    // esbuild comes with tsx; bundling lets the runners start as plain `node` (no loader in RSS).
    const { build } = await import('esbuild');
    await build({
      entryPoints: { 'run-mxdoctor': join(ROOT, sources.mxdoctor), 'run-npm-dnsbl': join(ROOT, sources.npm) },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
      logLevel: 'error',
    });
    return {
      mxdoctor: [process.execPath, [join(dir, 'run-mxdoctor.mjs')]],
      npm: [process.execPath, [join(dir, 'run-npm-dnsbl.mjs')]],
      bundled: true,
    };
  } catch {
    const tsx = (file: string): [string, string[]] => [
      process.execPath,
      ['--import', 'tsx', join(ROOT, file)],
    ];
    return { mxdoctor: tsx(sources.mxdoctor), npm: tsx(sources.npm), bundled: false };
  }
}

function command(peer: Peer, runners: Runners): [string, string[]] {
  if (peer === 'perl') return ['perl', [join(ROOT, 'bench/lib/run-perl-rblclient.pl')]];
  return peer === 'npm-dnsbl' ? runners.npm : runners.mxdoctor;
}

function jobFor(work: Work, endpoints: Endpoints, outFile: string): Job {
  let server = endpoints[work.mode];
  if (work.peer === 'perl')
    server = { host: (work.mode === 'direct' ? endpoints.direct53 : endpoints.delay53)!, port: 53 };
  const job: Job = {
    zonesFile: work.zonesFile,
    server,
    timeoutMs: work.peer === 'npm-dnsbl' ? 5000 : 2000,
    outFile,
  };
  if (work.ipsFile) job.ipsFile = work.ipsFile;
  if (work.cidr) job.cidr = work.cidr;
  if (work.peer.startsWith('mxdoctor')) {
    job.impl = work.peer === 'mxdoctor-node' ? 'node' : 'udp';
    job.txt = work.peer === 'mxdoctor-udp-txt' || work.txt === true;
    job.warm = work.warm === true;
    if (work.maxInFlight !== undefined) job.maxInFlight = work.maxInFlight;
  }
  if (work.peer === 'npm-dnsbl') job.concurrency = 64;
  return job;
}

export async function runWork(
  work: Work,
  endpoints: Endpoints,
  runners: Runners,
  dir: string,
  index: number,
): Promise<Row> {
  const outFile = join(dir, `out-${index}.tsv`);
  const [cmd, args] = command(work.peer, runners);
  const before = rcvbufErrors();
  const socketsBefore = socketDrops();
  const run = await runRunner(cmd, args, jobFor(work, endpoints, outFile), 180_000);
  const dropped = rcvbufErrors() - before;
  const drops = { server: 0, proxy: 0, client: 0 };
  for (const [key, count] of socketDrops()) {
    const delta = count - (socketsBefore.get(key) ?? count);
    if (endpoints.serverSockets.includes(key)) drops.server += delta;
    else drops.proxy += delta;
  }
  drops.client = dropped - drops.server - drops.proxy;
  const verdicts = readVerdicts(outFile);
  let found = 0;
  for (const key of verdicts.listed) if (work.expected.has(key)) found++;
  const r: RunnerResult | null = run.result;
  const row: Row = {
    workload: work.workload,
    mode: work.mode,
    peer: r?.client ?? work.peer,
    ms: r?.ms ?? null,
    processMs: run.processMs,
    queries: r?.queries ?? null,
    resent: r?.asked !== undefined ? r.queries - r.asked : null,
    qps: r && r.ms > 0 ? Math.round(r.queries / (r.ms / 1000)) : null,
    found,
    expected: work.expected.size,
    missed: work.expected.size - found,
    unexpected: verdicts.listed.size - found,
    errors: r ? r.errors : null,
    timeouts: r?.timeouts ?? null,
    rcvbufErrors: dropped,
    drops,
    cpuMs: r?.cpuMs ?? null,
    maxRssMb: r?.maxRssMb ?? null,
  };
  if (r?.msWarm !== undefined) row.msWarm = r.msWarm;
  if (r?.rssProgressMb) row.rssProgressMb = r.rssProgressMb;
  if (!r)
    row.note = `failed: ${run.stderr
      .trim()
      .split('\n')
      .filter((l) => /Error|error/.test(l))
      .slice(0, 2)
      .join(' / ')}`;
  if (work.watchZones) {
    row.byZone = {};
    for (const zone of work.watchZones)
      row.byZone[zone] = verdicts.byZone.get(zone) ?? 'not listed (no verdict)';
  }
  return row;
}

const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '—' : String(v));

export const TABLE_HEAD = [
  '| workload | RTT | client | in-client ms | process ms | queries | q/s | listings found/expected | unexpected | errors | resent | timeouts | dropped at server/proxy/client | CPU ms | peak RSS MB | runs (ms) |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
].join('\n');

export function formatRow(row: Row): string {
  const ms = row.msWarm !== undefined ? `${fmt(row.ms)} (warm ${row.msWarm})` : fmt(row.ms);
  const rtt = row.mode === 'direct' ? '0' : '30 ms';
  const cells = [
    row.workload,
    rtt,
    row.peer,
    ms,
    String(row.processMs),
    fmt(row.queries),
    fmt(row.qps),
    `${row.found}/${row.expected}`,
    String(row.unexpected),
    row.errors === null ? 'cannot tell' : String(row.errors),
    row.resent === null ? 'cannot tell' : String(row.resent),
    row.timeouts === null ? 'cannot tell' : String(row.timeouts),
    `${row.drops.server}/${row.drops.proxy}/${row.drops.client}`,
    fmt(row.cpuMs),
    row.rssProgressMb ? `${fmt(row.maxRssMb)} (${row.rssProgressMb.join('/')})` : fmt(row.maxRssMb),
    row.runsMs ? row.runsMs.join('/') : '',
  ];
  return `| ${cells.join(' | ')} |${row.note ? ` ${row.note}` : ''}`;
}
