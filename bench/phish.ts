/**
 * npm run bench:phish -- --corpus DIR [--reps N] [--workers N] [--no-peer] [--peer-runs N] [--dump FILE]
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

type Cls = 'phish' | 'ham';
interface Sample {
  cls: Cls;
  name: string;
  half: 'A' | 'B';
  bytes: Buffer;
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
      out.push({ cls, name, half: halfOf(name), bytes: readFileSync(join(dir, cls, name)) });
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

function rates(samples: readonly Sample[], flagged: (s: Sample) => boolean, phishing: (s: Sample) => boolean): Rates {
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

/** Runs `reps` passes over the corpus split across `workers` threads; returns messages/s. */
async function parallelRate(samples: readonly Sample[], workers: number, reps: number): Promise<number> {
  const parts = Array.from({ length: workers }, (_, i) => samples.filter((_, j) => j % workers === i).map((s) => s.bytes));
  // Workers do not inherit tsx's loader: register it, then load this file as the worker body.
  const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const threads = parts.map((bytes) => new Worker(boot, { eval: true, workerData: { bytes, reps }, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }));
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

async function benchMain(): Promise<void> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      reps: { type: 'string' },
      workers: { type: 'string' },
      'no-peer': { type: 'boolean' },
      'peer-runs': { type: 'string' },
      dump: { type: 'string' },
    },
  });
  const dir = resolve(values.corpus ?? '../shared/corpora/phish/dev');
  const reps = Number(values.reps ?? 5);
  const workers = Number(values.workers ?? availableParallelism());
  const samples = loadCorpus(dir);
  const verdicts = new Map<Sample, Verdict>();
  const dump: string[] = [];
  for (const s of samples) {
    const report = await analyzeMessage(s.bytes);
    verdicts.set(s, report.verdict);
    dump.push([s.cls, s.half, s.name, report.verdict, report.score, report.findings.map((f) => f.rule).join(',')].join('\t'));
  }
  if (values.dump) writeFileSync(values.dump, `${dump.join('\n')}\n`);
  const flagged = (s: Sample) => verdicts.get(s) !== 'clean';
  const phishing = (s: Sample) => verdicts.get(s) === 'phishing';
  const all = rates(samples, flagged, phishing);
  const halfA = rates(samples.filter((s) => s.half === 'A'), flagged, phishing);
  const halfB = rates(samples.filter((s) => s.half === 'B'), flagged, phishing);
  const phishingOnly = Math.round((1000 * samples.filter((s) => s.cls === 'phish' && phishing(s)).length) / all.phish) / 10;
  console.log(`corpus ${dir}: ${all.phish} phish, ${all.ham} ham`);
  console.log(line('mxdoctor, all', all));
  console.log(line('mxdoctor, half A', halfA));
  console.log(line('mxdoctor, half B', halfB));
  console.log(`mxdoctor: phish judged phishing (not only suspicious): ${phishingOnly}%`);

  await timedPass(samples); // warm-up
  const latencies: number[] = [];
  const passMs: number[] = [];
  for (let r = 0; r < reps; r++) passMs.push(await timedPass(samples, r === 0 ? latencies : undefined));
  const single = samples.length / (percentile(passMs, 50) / 1000);
  const parallel = await parallelRate(samples, workers, reps);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `mxdoctor throughput: ${single.toFixed(0)} msg/s single thread, ${parallel.toFixed(0)} msg/s with ${workers} worker threads; per message p50 ${percentile(latencies, 50).toFixed(2)} ms, p95 ${percentile(latencies, 95).toFixed(2)} ms; peak RSS ${peakRssMb} MB`,
  );

  let peer: Record<string, unknown> | null = null;
  if (!values['no-peer']) {
    const sa = runPeer(dir, Number(values['peer-runs'] ?? 1));
    if (sa) {
      const score = (s: Sample) => sa.scores.get(`${s.cls}/${s.name}`) ?? 0;
      const saFlag = (s: Sample) => score(s) >= SA_THRESHOLD;
      const saAll = rates(samples, saFlag, saFlag);
      const saA = rates(samples.filter((s) => s.half === 'A'), saFlag, saFlag);
      const saB = rates(samples.filter((s) => s.half === 'B'), saFlag, saFlag);
      console.log(line('SpamAssassin, all', saAll));
      console.log(line('SpamAssassin, half A', saA));
      console.log(line('SpamAssassin, half B', saB));
      const ratio = sa.msgsPerSec ? parallel / sa.msgsPerSec : null;
      console.log(
        `SpamAssassin throughput: ${sa.msgsPerSec ?? '?'} msg/s (spamd, ${availableParallelism()} children); mxdoctor/SpamAssassin: ${ratio ? ratio.toFixed(0) : '?'}x`,
      );
      peer = { all: saAll, halfA: saA, halfB: saB, msgsPerSec: sa.msgsPerSec, speedup: ratio };
    }
  }
  console.log(
    JSON.stringify({
      bench: 'phish',
      corpus: dir,
      mxdoctor: { all, halfA, halfB, phishingOnly, msgsPerSecSingle: single, msgsPerSecParallel: parallel, workers, p50Ms: percentile(latencies, 50), p95Ms: percentile(latencies, 95), peakRssMb },
      spamassassin: peer,
    }),
  );
}

if (isMainThread) await benchMain();
else await workerMain();
