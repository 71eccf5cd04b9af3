/**
 * What the benchmark asks a runner to do, and what a runner reports. Each runner is its own
 * process (so its peak RSS and CPU time are its own), prints one JSON line (RunnerResult), and
 * writes every non-clean verdict to `outFile` as `ip<TAB>zone<TAB>verdict`, verdict being
 * `listed:CODES`, `error:REASON` or `unhealthy:REASON`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Job {
  /** A file with one IP a line, or a CIDR range to stream. */
  ipsFile?: string;
  cidr?: string;
  /** A file with one zone a line. */
  zonesFile: string;
  server: { host: string; port: number };
  timeoutMs: number;
  outFile: string;
  /** mxdoctor runner: which Resolver implementation, its window, and whether to fetch TXT. */
  impl?: 'udp' | 'node';
  maxInFlight?: number;
  txt?: boolean;
  /** Peers: their own concurrency knob. */
  concurrency?: number;
  /** mxdoctor runner: run the work a second time in the same process (health cached, JIT warm). */
  warm?: boolean;
}

export interface RunnerResult {
  client: string;
  /** Time inside the client from the first query to the last answer. */
  ms: number;
  /** Packets sent when the client can count them, else queries asked. */
  queries: number;
  /** Queries asked of the resolver (mxdoctor): `queries - asked` datagrams were sent again. */
  asked?: number;
  /** Answers lost on the way and retried or given up (the resolver's timeout counter). */
  timeouts: number | null;
  retries: number | null;
  /** Results the client reports as errors; null where the client cannot tell errors apart. */
  errors: number | null;
  cpuMs: number;
  maxRssMb: number;
  /** The second, warm run when the job asked for one. */
  msWarm?: number;
  /** RSS samples (MB) at 25/50/75/100 % of a streamed range. */
  rssProgressMb?: number[];
}

export interface RunOutcome {
  result: RunnerResult | null;
  /** Wall time of the whole process, start-up included. */
  processMs: number;
  stderr: string;
}

/** Spawns a runner and parses its last stdout line. */
export function runRunner(command: string, args: string[], job: Job, timeoutMs: number): Promise<RunOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, [...args, JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', () => {
      clearTimeout(killer);
      const last = stdout.trim().split('\n').pop() ?? '';
      let result: RunnerResult | null = null;
      try {
        result = JSON.parse(last) as RunnerResult;
      } catch {
        stderr += `\n(no result line: ${last.slice(0, 200)})`;
      }
      resolve({ result, processMs: Math.round(performance.now() - started), stderr: stderr.slice(-2000) });
    });
  });
}

export interface Verdicts {
  listed: Set<string>;
  /** zone -> verdict for one-IP runs (the behaviour table). */
  byZone: Map<string, string>;
  errors: number;
}

export function readVerdicts(file: string): Verdicts {
  const verdicts: Verdicts = { listed: new Set(), byZone: new Map(), errors: 0 };
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return verdicts;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [ip, zone, verdict] = line.split('\t');
    if (!ip || !zone || !verdict) continue;
    verdicts.byZone.set(zone, verdict);
    if (verdict.startsWith('listed')) verdicts.listed.add(`${ip}\t${zone}`);
    else verdicts.errors++;
  }
  return verdicts;
}

/** The Job passed as the last argv entry of a runner process. */
export function jobFromArgv(): Job {
  return JSON.parse(process.argv[process.argv.length - 1]!) as Job;
}

export function readLines(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export function usage(client: string): Pick<RunnerResult, 'cpuMs' | 'maxRssMb' | 'client'> {
  const u = process.resourceUsage();
  return {
    client,
    cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000),
    maxRssMb: Math.round(u.maxRSS / 1024),
  };
}
