/**
 * The unkind-network workloads of `npm run bench:check` (issue 10): the whole `mxdoctor check`
 * process, timed from spawn to exit, with
 * - 100 IPs x 50 lists at 30 ms, with and without one dead list (never answers) added;
 * - a /24 through a resolver answering NXDOMAIN for everything (the built-in catalog);
 * - a /24 with nothing listening on the resolver port.
 * Default DNS timeout (2,000 ms, one retry), as a user runs it.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadUdpPort, SCRIPTS, startScriptedDns } from '../../test/helpers/scripted-dns.js';

export interface NetworkRow {
  workload: string;
  /** Wall time of the whole process, median of the runs. */
  ms: number;
  runsMs: number[];
  exit: number;
  /** Lines printed on stdout (text) or NDJSON objects (--json). */
  lines: number;
  /** Target reports with no list status `error`/`unverified` other than the dead list's. */
  detail: string;
}

export interface NetworkSetup {
  dir: string;
  /** The delay proxy in front of rbldnsd (30 ms). */
  delay: { host: string; port: number };
  listZones: string[];
  deadZone: string;
  ips: string[];
  runs: number;
}

const ROOT = new URL('../..', import.meta.url).pathname;

function catalogFile(dir: string, name: string, zones: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(zones.map((zone) => ({ zone, name: zone, kind: 'ip' }))));
  return file;
}

function runProcess(args: string[]): Promise<{ ms: number; exit: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/entry.ts', 'check', ...args],
      { cwd: ROOT, timeout: 600_000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout) => {
        const exit = error ? Number((error as { code?: number }).code ?? 70) : 0;
        resolve({ ms: Math.round(performance.now() - started), exit, stdout });
      },
    );
  });
}

type Run = { ms: number; exit: number; stdout: string };

async function measure(workload: string, args: string[], runs: number): Promise<NetworkRow> {
  const tries: Run[] = [];
  for (let i = 0; i < runs; i++) tries.push(await runProcess(args));
  return toRow(workload, tries);
}

/**
 * Two workloads run alternately (A B A B ...): the machine is shared, and its load drifts more
 * between consecutive minutes than between consecutive runs, so the pair is compared run by run.
 */
async function measurePair(
  a: { workload: string; args: string[] },
  b: { workload: string; args: string[] },
  runs: number,
): Promise<[NetworkRow, NetworkRow]> {
  const ta: Run[] = [];
  const tb: Run[] = [];
  for (let i = 0; i < runs; i++) {
    ta.push(await runProcess(a.args));
    tb.push(await runProcess(b.args));
  }
  return [toRow(a.workload, ta), toRow(b.workload, tb)];
}

function toRow(workload: string, tries: Run[]): NetworkRow {
  const runs = tries.length;
  const sorted = [...tries].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor((runs - 1) / 2)]!;
  const out = median.stdout.trimEnd().split('\n');
  return {
    workload,
    ms: median.ms,
    runsMs: tries.map((t) => t.ms),
    exit: median.exit,
    lines: median.stdout === '' ? 0 : out.length,
    detail: summarise(out),
  };
}

/** Counts of list statuses over the NDJSON target reports (text output: its first line). */
function summarise(lines: string[]): string {
  if (!lines[0]?.startsWith('{')) return lines[0]?.slice(0, 100) ?? '';
  const totals: Record<string, number> = {};
  for (const line of lines) {
    const o = JSON.parse(line) as { kind?: string; summary?: Record<string, number> };
    if (o.kind === 'run' || !o.summary) continue;
    for (const [k, v] of Object.entries(o.summary)) totals[k] = (totals[k] ?? 0) + v;
  }
  return Object.entries(totals)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

export async function runNetworkWorkloads(setup: NetworkSetup): Promise<NetworkRow[]> {
  const ipsFile = join(setup.dir, 'ips-100.txt');
  writeFileSync(ipsFile, `${setup.ips.slice(0, 100).join('\n')}\n`);
  const live = catalogFile(setup.dir, 'catalog-50.json', setup.listZones);
  const withDead = catalogFile(setup.dir, 'catalog-50-dead.json', [...setup.listZones, setup.deadZone]);
  const delay = ['--resolver', `${setup.delay.host}:${setup.delay.port}`, '--json', '-f', ipsFile];
  const rows: NetworkRow[] = await measurePair(
    { workload: '100 IPs x 50 at 30 ms', args: [...delay, '--catalog', live] },
    { workload: '100 IPs x 50 + 1 dead at 30 ms', args: [...delay, '--catalog', withDead] },
    setup.runs,
  );
  const lying = await startScriptedDns(SCRIPTS.nxdomainEverything);
  try {
    const args = ['192.0.2.0/24', '--resolver', `${lying.host}:${lying.port}`];
    rows.push(await measure('/24, resolver NXDOMAIN for everything', args, setup.runs));
  } finally {
    await lying.stop();
  }
  const nobody = await deadUdpPort();
  rows.push(
    await measure(
      '/24, nothing on the resolver port',
      ['192.0.2.0/24', '--resolver', `127.0.0.1:${nobody}`],
      setup.runs,
    ),
  );
  return rows;
}

export const NETWORK_TABLE_HEAD = [
  '| workload (whole process) | wall ms (median) | runs ms | exit | lines | list statuses / first line |',
  '|---|---|---|---|---|---|',
].join('\n');

export function formatNetworkRow(r: NetworkRow): string {
  return `| ${r.workload} | ${r.ms} | ${r.runsMs.join(' / ')} | ${r.exit} | ${r.lines} | ${r.detail} |`;
}

/** The goals, judged on the rows. */
export function networkGoals(rows: NetworkRow[]): string[] {
  const find = (prefix: string) => rows.find((r) => r.workload.startsWith(prefix));
  const live = find('100 IPs x 50 at');
  const dead = find('100 IPs x 50 + 1 dead');
  const lying = find('/24, resolver NXDOMAIN');
  const nobody = find('/24, nothing');
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  const lines: string[] = [];
  if (live && dead) {
    // The median of the run-by-run differences (the pairs ran alternately).
    const diffs = dead.runsMs.map((ms, i) => ms - (live.runsMs[i] ?? ms)).sort((x, y) => x - y);
    const extra = diffs[Math.floor((diffs.length - 1) / 2)] ?? dead.ms - live.ms;
    lines.push(
      `dead list costs <= 3 s: ${dead.ms} ms with it vs ${live.ms} ms without (median of the paired differences +${extra} ms): ${verdict(extra <= 3000)}`,
    );
  }
  for (const r of [lying, nobody]) {
    if (r)
      lines.push(
        `${r.workload}: < 10 s, exit 3, <= 15 lines: ${r.ms} ms, exit ${r.exit}, ${r.lines} lines: ${verdict(r.ms < 10_000 && r.exit === 3 && r.lines <= 15)}`,
      );
  }
  return lines;
}
