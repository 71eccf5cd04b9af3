/**
 * `npm run bench:probe`: the SMTP probe against real loopback Postfix (strict and backscatter
 * variants, test/helpers/mta.ts), with Debian's swaks as the peer in the same run.
 *  (i)  one probe, whole process: `mxdoctor probe HOST:PORT` vs `swaks --quit-after RCPT`
 *       (median of RUNS after warm-up), plus `mxdoctor --version` start-up;
 *  (ii) 200 probes at concurrency 50 in one `mxdoctor probe -f` run vs 200 swaks runs in
 *       sequence; every verdict checked (strict: rejects, backscatter: accepts).
 * Goals (issue 3): (i) within 2x of swaks, --version under 150 ms; (ii) at least 10x faster.
 * Prints a table and one JSON line at the end. Builds dist/bundle first when it is stale.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MtaLab, startMtas } from '../test/helpers/mta.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/mxdoctor');
const RUNS = 15;
const WARMUP = 3;
const BULK = 200;
const CONCURRENCY = 50;

interface Timed {
  ms: number;
  status: number;
  stdout: string;
  rssKb: number;
}

/** Runs argv under /usr/bin/time for wall time (ours) and peak RSS (time's %M). */
function timed(argv: string[], env: NodeJS.ProcessEnv = process.env): Timed {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env,
  });
  const ms = performance.now() - t0;
  const rss = Number(/(\d+)\s*$/.exec(r.stderr ?? '')?.[1] ?? 0);
  return { ms, status: r.status ?? -1, stdout: r.stdout ?? '', rssKb: rss };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * bin/mxdoctor runs dist/bundle/entry.js: rebuild the bundle when any source is newer. Only the
 * esbuild step (scripts/bundle.mjs): the bench needs the code, not the type declarations.
 */
function ensureBuilt(): void {
  const out = join(ROOT, 'dist/bundle/entry.js');
  if (existsSync(out) && statSync(out).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  console.error('bench:probe: building dist/bundle (node scripts/bundle.mjs)');
  spawnSync(process.execPath, [join(ROOT, 'scripts/bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(out)) throw new Error('build failed: dist/bundle/entry.js missing');
}

const ours = (port: number) => [
  BIN,
  'probe',
  `127.0.0.1:${port}`,
  '--domain',
  'example.test',
  '--no-tls',
  '--helo',
  'probe.lab.test',
  '--json',
];
const swaks = (port: number) => [
  'swaks',
  '--server',
  `127.0.0.1:${port}`,
  '--helo',
  'probe.lab.test',
  '--from',
  'probe@sender.test',
  '--to',
  `nosuchuser-${Math.floor(Math.random() * 1e9)}@example.test`,
  '--quit-after',
  'RCPT',
  '--silent',
  '2',
];

function single(
  label: string,
  argv: () => string[],
  check: (t: Timed) => boolean,
  env: NodeJS.ProcessEnv = process.env,
) {
  for (let i = 0; i < WARMUP; i++) timed(argv(), env);
  const runs: Timed[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(timed(argv(), env));
  const ms = runs.map((r) => r.ms);
  return {
    label,
    p50: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
    rssKb: Math.max(...runs.map((r) => r.rssKb)),
    ok: runs.every(check),
  };
}

function verdictOf(stdout: string): string {
  try {
    return JSON.parse(stdout).checks.unknownRecipient.verdict;
  } catch {
    return 'unparsable';
  }
}

async function main(): Promise<void> {
  ensureBuilt();
  const lab: MtaLab = await startMtas(['postfix-strict', 'postfix-backscatter']);
  const strict = lab.mtas['postfix-strict']!.port;
  const back = lab.mtas['postfix-backscatter']!.port;
  const dir = mkdtempSync(join(tmpdir(), 'mxd-bench-probe-'));
  try {
    const version = single(
      'mxdoctor --version',
      () => [BIN, '--version'],
      (t) => t.status === 0,
    );
    const rows = [
      version,
      single(
        'mxdoctor probe (strict)',
        () => ours(strict),
        (t) => verdictOf(t.stdout) === 'rejects',
      ),
      single(
        'swaks --quit-after RCPT (strict)',
        () => swaks(strict),
        (t) => t.status === 24,
      ),
      single(
        'mxdoctor probe (backscatter)',
        () => ours(back),
        (t) => verdictOf(t.stdout) === 'accepts',
      ),
      single(
        'swaks --quit-after RCPT (backscatter)',
        () => swaks(back),
        (t) => t.status === 0,
      ),
    ];
    // NODE_EXTRA_CA_CERTS (set machine-wide in some sandboxes and CI images) makes Node 20 read
    // and parse the whole CA bundle before any JavaScript runs (Node 22 does it lazily): ~35 ms of
    // every Node start-up that no Perl tool pays. Measured both ways when it is set.
    let clean: ReturnType<typeof single> | undefined;
    if (process.env.NODE_EXTRA_CA_CERTS) {
      const env = { ...process.env };
      delete env.NODE_EXTRA_CA_CERTS;
      clean = single(
        'mxdoctor probe (strict), NODE_EXTRA_CA_CERTS unset',
        () => ours(strict),
        (t) => verdictOf(t.stdout) === 'rejects',
        env,
      );
      rows.push(clean);
    }
    // The peer's sequence runs first: after 100 accepted-recipient sessions Postfix's backscatter
    // instance answers the next few sessions ~1 s slower for a moment, which would flatter us.
    const t0 = performance.now();
    let swaksOk = true;
    const each: number[][] = [[], []];
    for (let i = 0; i < BULK; i++) {
      const argv = swaks(i % 2 ? back : strict);
      const t = performance.now();
      const r = spawnSync(argv[0]!, argv.slice(1));
      each[i % 2]!.push(performance.now() - t);
      swaksOk &&= r.status === (i % 2 ? 0 : 24);
    }
    const swaksBulkMs = performance.now() - t0;
    for (const [k, name] of ['strict', 'backscatter'].entries())
      console.error(
        `swaks sequence, ${name}: p50 ${quantile(each[k]!, 0.5).toFixed(0)} ms, p95 ${quantile(each[k]!, 0.95).toFixed(0)} ms, max ${Math.max(...each[k]!).toFixed(0)} ms`,
      );
    const file = join(dir, 'targets.txt');
    writeFileSync(
      file,
      Array.from({ length: BULK }, (_, i) => `127.0.0.1:${i % 2 ? back : strict}`).join('\n'),
    );
    const bulk = timed([
      ...ours(strict).slice(0, 3),
      '-f',
      file,
      '--parallel',
      String(CONCURRENCY),
      ...ours(strict).slice(4),
    ]);
    const verdicts = bulk.stdout.trim().split('\n').map(verdictOf);
    const bulkOk =
      verdicts.length === BULK && verdicts.every((v, i) => v === (i % 2 ? 'accepts' : 'rejects'));
    report(rows, bulk, bulkOk, swaksBulkMs, swaksOk, clean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await lab.stop();
  }
}

function report(
  rows: ReturnType<typeof single>[],
  bulk: Timed,
  bulkOk: boolean,
  swaksBulkMs: number,
  swaksOk: boolean,
  clean: ReturnType<typeof single> | undefined,
): void {
  console.log(
    `| run (median of ${RUNS}, ${WARMUP} warm-up) | p50 ms | p95 ms | peak RSS MB | verdicts right |`,
  );
  console.log('|---|---:|---:|---:|---|');
  for (const r of rows)
    console.log(
      `| ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${(r.rssKb / 1024).toFixed(1)} | ${r.ok} |`,
    );
  console.log(
    `| mxdoctor probe: ${BULK} probes, concurrency ${CONCURRENCY}, one process | ${bulk.ms.toFixed(0)} (total) | | ${(bulk.rssKb / 1024).toFixed(1)} | ${bulkOk} |`,
  );
  console.log(`| swaks: ${BULK} runs in sequence | ${swaksBulkMs.toFixed(0)} (total) | | | ${swaksOk} |`);
  const ourSingle = rows.find((r) => r.label === 'mxdoctor probe (strict)')!.p50;
  const peerSingle = rows.find((r) => r.label === 'swaks --quit-after RCPT (strict)')!.p50;
  const result = {
    bench: 'probe',
    versionP50Ms: Number(rows[0]!.p50.toFixed(1)),
    singleP50Ms: Number(ourSingle.toFixed(1)),
    swaksSingleP50Ms: Number(peerSingle.toFixed(1)),
    singleRatio: Number((ourSingle / peerSingle).toFixed(2)),
    ...(clean && {
      extraCaCertsSet: true,
      singleP50MsWithoutExtraCaCerts: Number(clean.p50.toFixed(1)),
      singleRatioWithoutExtraCaCerts: Number((clean.p50 / peerSingle).toFixed(2)),
    }),
    bulkMs: Math.round(bulk.ms),
    swaksBulkMs: Math.round(swaksBulkMs),
    bulkSpeedup: Number((swaksBulkMs / bulk.ms).toFixed(1)),
    bulkPeakRssMb: Number((bulk.rssKb / 1024).toFixed(1)),
    verdictsRight: rows.every((r) => r.ok) && bulkOk && swaksOk,
    goals: {
      singleWithin2x: ourSingle <= 2 * peerSingle,
      versionUnder150ms: rows[0]!.p50 < 150,
      bulkAtLeast10x: swaksBulkMs / bulk.ms >= 10,
    },
  };
  console.log(JSON.stringify(result));
}

await main();
