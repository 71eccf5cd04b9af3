/**
 * `npm run bench:serve-http`: the HTTP side of `mxdoctor serve` as a user runs it (the whole
 * process, SQLite store, real monitor) watching N targets x Z lists served by rbldnsd on loopback:
 * API latency p50/p99 in an open loop at R requests/s while idle and during a cycle (goal p99 <
 * 50 ms), the full target list and dashboard fetch times, the dashboard's page weight (goal < 150
 * KB) and its time to first render in headless Chromium; server-side handler means from the
 * process's own /metrics beside them. One JSON line at the end.
 * Options: --targets N (10000), --zones N (50), --rate R (200), --seconds S (10), --bin (the CLI
 * bundled as for users, built into a temp dir, instead of the sources under tsx), --prof DIR (CPU
 * profiles of the serve process's threads).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '../test/helpers/chromium.js';
import { startRbldnsd } from '../test/helpers/rbldnsd.js';
import { serveBenchData } from './lib/serve-zones.js';

const { values } = parseArgs({
  options: {
    targets: { type: 'string' },
    zones: { type: 'string' },
    rate: { type: 'string' },
    seconds: { type: 'string' },
    bin: { type: 'boolean' },
    prof: { type: 'string' },
  },
});
const N_TARGETS = Number(values.targets ?? 10_000);
const N_ZONES = Number(values.zones ?? 50);
const RATE = Number(values.rate ?? 200);
const SECONDS = Number(values.seconds ?? 10);
const TOKEN = 'bench-token-0123456789abcdef';
/** Requests in flight at most: beyond this the loop counts a drop instead of queueing forever. */
const MAX_IN_FLIGHT = 512;

const say = (text: string) => process.stderr.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

const root = mkdtempSync(join(tmpdir(), 'mxd-bench-http-'));
const data = serveBenchData(N_TARGETS, N_ZONES);
say(`bench:serve-http: ${N_TARGETS} targets x ${N_ZONES} zones, ${RATE} req/s for ${SECONDS} s`);
const rbl = await startRbldnsd({ zones: data.zones(false) });
const catalogFile = join(root, 'catalog.json');
writeFileSync(
  catalogFile,
  JSON.stringify(
    data.zoneNames.map((zone) => ({ zone, name: zone, kind: 'ip', delist: `https://${zone}/` })),
  ),
);
const configFile = join(root, 'serve.yaml');
writeFileSync(
  configFile,
  `interval: 1h\njitter: 0\ngroups:\n  - name: default\n    zones: [${data.zoneNames.join(', ')}]\n    targets:\n${data.targets.map((t) => `      - ${t}`).join('\n')}\n`,
);

// --prof DIR: CPU profiles of the serve process (one per thread: the HTTP thread and the check worker).
const prof = values.prof ? ['--cpu-prof', '--cpu-prof-dir', values.prof] : [];
// --bin: the CLI as bundled for users (entry.js with its check-worker.js), built apart from dist/
// into the run's temp dir, with a package.json saying the chunks are ES modules and npm packages
// resolved from the checkout (a node_modules link), as an installed mxdoctor has them.
const cliDir = join(root, 'cli');
if (values.bin) {
  execFileSync(
    process.execPath,
    ['scripts/bundle.mjs', '--cli-only', '--outdir', join(cliDir, 'dist/bundle')],
    {
      stdio: 'inherit',
    },
  );
  writeFileSync(join(cliDir, 'package.json'), '{ "type": "module", "private": true }\n');
  symlinkSync(resolve('node_modules'), join(cliDir, 'node_modules'));
}
const command = values.bin
  ? [process.execPath, ...prof, join(cliDir, 'dist/bundle/entry.js')]
  : [process.execPath, ...prof, '--import', 'tsx', 'src/cli/entry.ts'];
const child: ChildProcess = spawn(
  command[0]!,
  [...command.slice(1), 'serve', '--listen', '127.0.0.1:0', '--json', '--data', join(root, 'data')].concat([
    '--config',
    configFile,
    '--catalog',
    catalogFile,
    '--resolver',
    `127.0.0.1:${rbl.port}`,
  ]),
  { env: { ...process.env, MXDOCTOR_TOKEN: TOKEN }, stdio: ['ignore', 'pipe', 'pipe'] },
);
let serveLog = '';
child.stderr!.on('data', (c: Buffer) => {
  serveLog += c.toString('utf8');
});
const base = await new Promise<string>((resolve, reject) => {
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    const line = out.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve((JSON.parse(line) as { url: string }).url);
  });
  child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${serveLog}`)));
});

async function status(): Promise<{ running: boolean; cycles: number; durationMs: number | null }> {
  return ((await (await fetch(new URL('/api/v1/status', base))).json()) as { cycle: never }).cycle;
}

/** Waits until `cycles` cycles are over; returns the last one's duration. */
async function waitCycles(cycles: number): Promise<number | null> {
  for (;;) {
    const s = await status();
    if (s.cycles >= cycles && !s.running) return s.durationMs;
    await sleep(200);
  }
}

interface LoopFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Error answers by status (429: the rate limit met a backlog after a stall). */
  statuses: Record<number, number>;
  dropped: number;
  /** Share of the samples taken while a cycle was running. */
  duringCycle: number;
  /** The serve process's own event-loop lag over the window (a stall delays every request). */
  serverEventLoopLag: { p99Ms: number; maxMs: number };
}

/**
 * Open loop: request i is due at i/RATE s whatever the earlier ones did, and its latency counts
 * from when it was due (no coordinated omission). A mix of the reads a dashboard or script makes.
 */
/** The server's event-loop lag since the previous scrape (prom-client resets it on each one). */
async function eventLoopLag(): Promise<{ p99Ms: number; maxMs: number }> {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const read = (name: string) =>
    round(
      Number(new RegExp(`^mxdoctor_nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]) *
        1000,
      1,
    );
  return { p99Ms: read('p99'), maxMs: read('max') };
}

async function openLoop(): Promise<LoopFigures> {
  await eventLoopLag();
  const paths = (i: number) => {
    const t = data.targets[(i * 7919) % data.targets.length]!;
    return [
      '/healthz',
      `/api/v1/targets/${t}`,
      `/api/v1/targets/${t}/history`,
      '/api/v1/status',
      '/api/v1/changes?limit=20',
    ][i % 5]!;
  };
  const latencies: number[] = [];
  let errors = 0;
  const statuses: Record<number, number> = {};
  let dropped = 0;
  let inFlight = 0;
  let running = 0;
  let samples = 0;
  const total = RATE * SECONDS;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const watcher = (async () => {
    while (performance.now() - start < SECONDS * 1000) {
      samples++;
      if ((await status()).running) running++;
      await sleep(250);
    }
  })();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    if (inFlight >= MAX_IN_FLIGHT) {
      dropped++;
      continue;
    }
    inFlight++;
    pending.push(
      get(paths(i))
        .then((code) => {
          if (code !== 200 && code !== 404) {
            errors++;
            statuses[code] = (statuses[code] ?? 0) + 1;
          }
        })
        .catch(() => {
          errors++;
        })
        .finally(() => {
          inFlight--;
          latencies.push(performance.now() - due);
        }),
    );
  }
  await Promise.all(pending);
  await watcher;
  const lag = await eventLoopLag();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50Ms: round(pct(latencies, 50), 2),
    p99Ms: round(pct(latencies, 99), 2),
    maxMs: round(latencies.at(-1) ?? Number.NaN, 1),
    errors,
    statuses,
    dropped,
    duringCycle: samples === 0 ? 0 : round(running / samples, 2),
    serverEventLoopLag: lag,
  };
}

/** A keep-alive pool like a browser's or a script's: node:http costs the client less CPU than fetch. */
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One GET, body read and dropped; resolves with the status code. */
function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, base), { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Bytes on the wire for one GET (gzip asked or not), and the time to the last byte. */
function wire(path: string, gzip: boolean): Promise<{ bytes: number; ms: number }> {
  const url = new URL(path, base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: gzip ? { 'Accept-Encoding': 'gzip' } : {} }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ bytes, ms: performance.now() - started }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function median(n: number, fn: () => Promise<number>): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await fn());
  xs.sort((a, b) => a - b);
  return round(pct(xs, 50), 1);
}

async function pageWeight() {
  const assets = ['/', '/assets/app.css', '/assets/app.js', '/assets/htmx.min.js'];
  let raw = 0;
  let gz = 0;
  for (const a of assets) {
    raw += (await wire(a, false)).bytes;
    gz += (await wire(a, true)).bytes;
  }
  return { htmlBytes: (await wire('/', false)).bytes, totalBytes: raw, totalGzipBytes: gz };
}

async function firstRender(): Promise<{ coldMs: number; warmMs: number }> {
  const chromium = await launchChromium();
  const fcp: number[] = [];
  try {
    for (let i = 0; i < 6; i++) {
      const page = await chromium.browser.newPage();
      await page.goto(base, { waitUntil: 'load' });
      fcp.push(
        await page.evaluate<number>(
          "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN",
        ),
      );
      await page.close();
    }
  } finally {
    await chromium.close();
  }
  const warm = fcp.slice(1).sort((a, b) => a - b);
  return { coldMs: round(fcp[0]!, 1), warmMs: round(pct(warm, 50), 1) };
}

/** Mean handler time per route from the process's own histogram (in-process figure). */
async function serverSide(): Promise<Record<string, number>> {
  const text = await (await fetch(new URL('/metrics', base))).text();
  const sums = new Map<string, { sum: number; count: number }>();
  for (const m of text.matchAll(
    /^mxdoctor_http_request_duration_seconds_(sum|count)\{route="([^"]+)",method="GET"\} (\S+)$/gm,
  )) {
    const entry = sums.get(m[2]!) ?? { sum: 0, count: 0 };
    entry[m[1] as 'sum' | 'count'] = Number(m[3]);
    sums.set(m[2]!, entry);
  }
  const out: Record<string, number> = {};
  for (const [route, { sum, count }] of sums) if (count > 0) out[route] = round((sum / count) * 1000, 2);
  return out;
}

try {
  const t0 = performance.now();
  const firstCycleMs = await waitCycles(1);
  say(`first scan done in ${round((performance.now() - t0) / 1000)} s (cycle ${firstCycleMs} ms)`);
  // Let the end of the first scan (alerts, metrics refresh) settle: idle means idle.
  await sleep(5000);
  const idle = await openLoop();
  say(`idle: p50 ${idle.p50Ms} ms, p99 ${idle.p99Ms} ms`);
  const before = (await status()).cycles;
  await fetch(new URL('/api/v1/cycle', base), {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
  });
  const during = await openLoop();
  say(
    `during a cycle (${during.duringCycle * 100}% of the window): p50 ${during.p50Ms} ms, p99 ${during.p99Ms} ms`,
  );
  const cycleMs = await waitCycles(before + 1);
  const fullListMs = await median(5, async () => (await wire('/api/v1/targets', true)).ms);
  const dashboardMs = await median(5, async () => (await wire('/', true)).ms);
  const weight = await pageWeight();
  const render = await firstRender();
  const handlers = await serverSide();
  const result = {
    bench: 'serve-http',
    process: values.bin ? 'node <bundle>/entry.js serve' : 'node --import tsx src/cli/entry.ts serve',
    targets: N_TARGETS,
    zones: N_ZONES,
    rate: RATE,
    seconds: SECONDS,
    cycleMs,
    idle,
    duringCycle: during,
    fullTargetListMs: fullListMs,
    dashboardMs,
    ...weight,
    firstContentfulPaint: render,
    serverSideMeanMs: handlers,
    // The box is shared: the 1-minute load average at the end says how much CPU the run had.
    loadavg1m: round(loadavg()[0]!, 2),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  await rbl.stop();
  rmSync(root, { recursive: true, force: true });
}
