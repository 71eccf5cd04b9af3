/**
 * npm run bench:phish -- --corpus DIR [--reps N] [--workers N] [--no-peer] [--peer-runs N (default 3)] [--dump FILE]
 *   [--cli-runs N (default 3)] [--no-cli]
 *
 * Headline: the whole CLI process (bin/mxdoctor on a private build of the checkout, laid out as
 * installed) on the corpus as one folder (`mxdoctor phish --json FOLDER`, median of N runs) and on one file
 * (p50/p95), with peak RSS; the in-process figures beside it; SpamAssassin in the same run.
 *
 * DIR holds phish/ and ham/. Prints, for the whole set and for two fixed halves (A/B by
 * sha256 of the file name, so rules tuned on one half can be checked on the other):
 * detection (phish judged phishing or suspicious), ham false positives (judged phishing; judged
 * suspicious or worse), and the same figures for SpamAssassin (Debian spamd on loopback through
 * /work/shared/tools/peers/spamassassin-peer.sh, network tests off, score >= 5) in the same run.
 * Throughput: messages/s over N passes after a warm-up, single thread and with W worker threads
 * (SpamAssassin's peer runs one spamd child per CPU), p50/p95 per message, peak RSS.
 * Ends with one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeMessage } from '../src/phish/analyze.js';
import type { Verdict } from '../src/phish/types.js';
import { bundleInstalledCli, type CliFigures, measureCli } from './lib/cli-run.js';

type Cls = 'phish' | 'ham';
interface Sample {
  cls: Cls;
  name: string;
  half: 'A' | 'B';
  bytes: Buffer;
  path: string;
}

const PEER_SCRIPT = '/work/shared/tools/peers/spamassassin-peer.sh';
const SA_THRESHOLD = 5;
/**
 * Young-generation size of the worker threads: MIME parsing allocates many short-lived buffers,
 * and a larger nursery means fewer scavenges (the same as node --max-semi-space-size).
 */
const YOUNG_GENERATION_MB = 64;

function halfOf(name: string): 'A' | 'B' {
  return createHash('sha256').update(name).digest()[0]! % 2 === 0 ? 'A' : 'B';
}

function loadCorpus(dir: string): Sample[] {
  const out: Sample[] = [];
  for (const cls of ['phish', 'ham'] as const) {
    for (const name of readdirSync(join(dir, cls)).sort())
      out.push({
        cls,
        name,
        half: halfOf(name),
        bytes: readFileSync(join(dir, cls, name)),
        path: join(dir, cls, name),
      });
  }
  return out;
}

interface Rates {
  phish: number;
  ham: number;
  detection: number;
  hamPhishing: number;
  hamFlagged: number;
}

function rates(
  samples: readonly Sample[],
  flagged: (s: Sample) => boolean,
  phishing: (s: Sample) => boolean,
): Rates {
  const phish = samples.filter((s) => s.cls === 'phish');
  const ham = samples.filter((s) => s.cls === 'ham');
  const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);
  return {
    phish: phish.length,
    ham: ham.length,
    detection: pct(phish.filter(flagged).length, phish.length),
    hamPhishing: pct(ham.filter(phishing).length, ham.length),
    hamFlagged: pct(ham.filter(flagged).length, ham.length),
  };
}

async function timedPass(samples: readonly Sample[], latencies?: number[]): Promise<number> {
  const start = performance.now();
  for (const s of samples) {
    const t = performance.now();
    await analyzeMessage(s.bytes);
    latencies?.push(performance.now() - t);
  }
  return performance.now() - start;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Splits messages over threads by size, largest first to the least loaded (LPT scheduling). */
function balance(samples: readonly Sample[], workers: number): Uint8Array[][] {
  const parts: Uint8Array[][] = Array.from({ length: workers }, () => []);
  const load = new Array<number>(workers).fill(0);
  for (const s of [...samples].sort((a, b) => b.bytes.length - a.bytes.length)) {
    const i = load.indexOf(Math.min(...load));
    parts[i]!.push(s.bytes);
    load[i]! += s.bytes.length;
  }
  return parts;
}

/** Runs `reps` passes over the corpus split across `workers` threads; returns messages/s. */
async function parallelRate(samples: readonly Sample[], workers: number, reps: number): Promise<number> {
  const parts = balance(samples, workers);
  // Workers do not inherit tsx's loader: register it, then load this file as the worker body.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const threads = parts.map(
    (bytes) =>
      new Worker(boot, {
        eval: true,
        workerData: { bytes, reps },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      }),
  );
  const ready = threads.map((w) => new Promise<void>((ok) => w.once('message', () => ok())));
  await Promise.all(ready);
  const start = performance.now();
  const done = threads.map((w) => new Promise<void>((ok) => w.once('message', () => ok())));
  for (const w of threads) w.postMessage('go');
  await Promise.all(done);
  const ms = performance.now() - start;
  await Promise.all(threads.map((w) => w.terminate()));
  return (samples.length * reps) / (ms / 1000);
}

async function workerMain(): Promise<void> {
  const { bytes, reps } = workerData as { bytes: Uint8Array[]; reps: number };
  for (const b of bytes) await analyzeMessage(b); // warm-up
  parentPort!.postMessage('ready');
  parentPort!.once('message', async () => {
    for (let r = 0; r < reps; r++) for (const b of bytes) await analyzeMessage(b);
    parentPort!.postMessage('done');
  });
}

interface PeerResult {
  scores: Map<string, number>;
  msgsPerSec: number | null;
}

function runPeer(dir: string, runs: number): PeerResult | null {
  const out = mkdtempSync(join(tmpdir(), 'phish-peer-'));
  try {
    const stdout = execFileSync('bash', [PEER_SCRIPT, dir], {
      env: { ...process.env, OUT: out, RUNS: String(runs) },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const label = basename(dir) === 'phish' ? basename(resolve(dir, '..')) : basename(dir);
    const scores = new Map<string, number>();
    for (const line of readFileSync(join(out, `${label.replace(/^\./, '')}.tsv`), 'utf8').split('\n')) {
      const [cls, file, score] = line.split('\t');
      if (cls && file && score !== undefined) scores.set(`${cls}/${file}`, Number(score));
    }
    const row = stdout.split('\n').find((l) => l.startsWith(`| ${label.replace(/^\./, '')} |`));
    const cell = row?.split('|')[6]?.trim() ?? '';
    const rate = Number.parseFloat(cell);
    return { scores, msgsPerSec: Number.isFinite(rate) ? rate : null };
  } catch (error) {
    console.error(`peer: SpamAssassin run failed: ${(error as Error).message.split('\n')[0]}`);
    return null;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function line(label: string, r: Rates): string {
  return `${label.padEnd(26)} detection ${String(r.detection).padStart(5)}% of ${r.phish} phish | ham judged phishing ${String(r.hamPhishing).padStart(4)}% | ham suspicious-or-worse ${String(r.hamFlagged).padStart(4)}% of ${r.ham}`;
}

interface Split {
  all: Rates;
  halfA: Rates;
  halfB: Rates;
}

/** Rates over the whole set and over each half. */
function splitRates(
  samples: readonly Sample[],
  flagged: (s: Sample) => boolean,
  phishing: (s: Sample) => boolean,
): Split {
  const half = (h: 'A' | 'B') =>
    rates(
      samples.filter((s) => s.half === h),
      flagged,
      phishing,
    );
  return { all: rates(samples, flagged, phishing), halfA: half('A'), halfB: half('B') };
}

function printSplit(who: string, split: Split): void {
  console.log(line(`${who}, all`, split.all));
  console.log(line(`${who}, half A`, split.halfA));
  console.log(line(`${who}, half B`, split.halfB));
}

/** Judges every sample once; writes `class half file verdict score rules` lines to `dumpFile`. */
async function judge(
  samples: readonly Sample[],
  dumpFile: string | undefined,
): Promise<Map<Sample, Verdict>> {
  const verdicts = new Map<Sample, Verdict>();
  const dump: string[] = [];
  for (const s of samples) {
    const report = await analyzeMessage(s.bytes);
    verdicts.set(s, report.verdict);
    const rules = report.findings.map((f) => f.rule).join(',');
    dump.push([s.cls, s.half, s.name, report.verdict, report.score, rules].join('\t'));
  }
  if (dumpFile) writeFileSync(dumpFile, `${dump.join('\n')}\n`);
  return verdicts;
}

interface Speed {
  msgsPerSecSingle: number;
  msgsPerSecParallel: number;
  workers: number;
  p50Ms: number;
  p95Ms: number;
  peakRssMb: number;
}

async function measureSpeed(samples: readonly Sample[], reps: number, workers: number): Promise<Speed> {
  await timedPass(samples); // warm-up
  const latencies: number[] = [];
  const passMs: number[] = [];
  for (let r = 0; r < reps; r++) passMs.push(await timedPass(samples, r === 0 ? latencies : undefined));
  const speed: Speed = {
    msgsPerSecSingle: samples.length / (percentile(passMs, 50) / 1000),
    msgsPerSecParallel: await parallelRate(samples, workers, reps),
    workers,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(
    `mxdoctor throughput: ${speed.msgsPerSecSingle.toFixed(0)} msg/s single thread, ${speed.msgsPerSecParallel.toFixed(0)} msg/s with ${workers} worker threads; per message p50 ${speed.p50Ms.toFixed(2)} ms, p95 ${speed.p95Ms.toFixed(2)} ms; peak RSS ${speed.peakRssMb} MB`,
  );
  return speed;
}

function measurePeer(
  dir: string,
  samples: readonly Sample[],
  runs: number,
  ours: { cli: number; inProcess: number },
): Record<string, unknown> | null {
  const sa = runPeer(dir, runs);
  if (!sa) return null;
  const saFlag = (s: Sample) => (sa.scores.get(`${s.cls}/${s.name}`) ?? 0) >= SA_THRESHOLD;
  const split = splitRates(samples, saFlag, saFlag);
  printSplit('SpamAssassin', split);
  const ratio = sa.msgsPerSec ? ours.cli / sa.msgsPerSec : null;
  const inProcessRatio = sa.msgsPerSec ? ours.inProcess / sa.msgsPerSec : null;
  console.log(
    `SpamAssassin throughput: ${sa.msgsPerSec ?? '?'} msg/s (spamd, ${availableParallelism()} children); mxdoctor CLI/SpamAssassin: ${ratio ? ratio.toFixed(0) : '?'}x (in-process: ${inProcessRatio ? inProcessRatio.toFixed(0) : '?'}x)`,
  );
  return { ...split, msgsPerSec: sa.msgsPerSec, speedup: ratio, inProcessSpeedup: inProcessRatio };
}

function headline(samples: readonly Sample[], runs: number): CliFigures {
  const command = [bundleInstalledCli(resolve(import.meta.dirname, '..'), 'mxdoctor-bench-phish')];
  const cli = measureCli(
    command,
    'phish',
    samples.map((s) => s.path),
    runs,
    Math.max(10, runs * 4),
  );
  console.log(
    `mxdoctor CLI (${cli.command}): folder of ${cli.folderMessages} in ${cli.folderWallMs} ms = ${cli.folderMsgsPerSec} msg/s, peak RSS ${cli.folderPeakRssMb} MB; one file p50 ${cli.oneFileP50Ms} ms, p95 ${cli.oneFileP95Ms} ms, peak RSS ${cli.oneFilePeakRssMb} MB`,
  );
  return cli;
}

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      reps: { type: 'string' },
      workers: { type: 'string' },
      'no-peer': { type: 'boolean' },
      'peer-runs': { type: 'string' },
      dump: { type: 'string' },
      'cli-runs': { type: 'string' },
      'no-cli': { type: 'boolean' },
    },
  });
  const dir = resolve(values.corpus ?? '../shared/corpora/phish/dev');
  const samples = loadCorpus(dir);
  const verdicts = await judge(samples, values.dump);
  const phishing = (s: Sample) => verdicts.get(s) === 'phishing';
  const split = splitRates(samples, (s) => verdicts.get(s) !== 'clean', phishing);
  const phishCount = samples.filter((s) => s.cls === 'phish').length;
  const phishingOnly =
    Math.round((1000 * samples.filter((s) => s.cls === 'phish' && phishing(s)).length) / phishCount) / 10;
  console.log(`corpus ${dir}: ${split.all.phish} phish, ${split.all.ham} ham`);
  printSplit('mxdoctor', split);
  console.log(`mxdoctor: phish judged phishing (not only suspicious): ${phishingOnly}%`);
  const speed = await measureSpeed(
    samples,
    Number(values.reps ?? 5),
    Number(values.workers ?? availableParallelism()),
  );
  const cli = values['no-cli'] ? null : headline(samples, Number(values['cli-runs'] ?? 3));
  const peer = values['no-peer']
    ? null
    : measurePeer(dir, samples, Number(values['peer-runs'] ?? 3), {
        cli: cli?.folderMsgsPerSec ?? 0,
        inProcess: speed.msgsPerSecParallel,
      });
  console.log(
    JSON.stringify({
      bench: 'phish',
      corpus: dir,
      cli,
      mxdoctor: { ...split, phishingOnly, ...speed },
      spamassassin: peer,
    }),
  );
}

if (isMainThread) await benchMain();
else await workerMain();
