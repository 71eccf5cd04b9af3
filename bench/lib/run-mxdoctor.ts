/**
 * Runner: mxdoctor's own pipeline (checkTargets over a Resolver: health probes, code
 * interpretation, optional TXT) on a Job. Usage: tsx bench/lib/run-mxdoctor.ts '<job json>'.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import type { CatalogEntry } from '../../src/check/catalog-types.js';
import { checkTargets, EAGER_TXT_MAX_TARGETS } from '../../src/check/check.js';
import { HealthCache } from '../../src/check/health.js';
import { parseTarget, type Target } from '../../src/core/targets.js';
import { DEFAULT_MAX_IN_FLIGHT } from '../../src/dns/index.js';
import { createNodeResolver } from '../../src/dns/node-resolver.js';
import type { Resolver } from '../../src/dns/types.js';
import { createUdpResolver } from '../../src/dns/udp-resolver.js';
import { type Job, jobFromArgv, type RunnerResult, readLines, usage } from './job.js';

const job = jobFromArgv();

function entry(zone: string): CatalogEntry {
  return {
    zone,
    name: zone,
    kind: 'ip',
    ipv6: false,
    codes: {},
    errorCodes: { '127.255.255.252-127.255.255.255': 'query refused: public or unregistered resolver' },
    ignoreCodes: {},
    bitmask: false,
    scope: 'ip',
    access: { refusesPublicResolvers: false },
    dead: false,
    allowlist: false,
    testPoints: true,
  };
}

function targetsOf(j: Job): Target[] {
  if (j.cidr) return [parseTarget(j.cidr, { force: true })];
  return readLines(j.ipsFile!).map((ip) => parseTarget(ip));
}

/** The resolver, wrapped to count the queries asked (sent minus asked = datagrams sent again). */
function makeResolver(j: Job): { resolver: Resolver; asked: () => number } {
  const options = {
    servers: [j.server],
    timeoutMs: j.timeoutMs,
    retries: 1,
    maxInFlight: j.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
    // As the CLI: the default adapts below 512; a window of the sweep is taken as given.
    adaptiveWindow: j.maxInFlight === undefined,
  };
  const inner = j.impl === 'node' ? createNodeResolver(options) : createUdpResolver(options);
  let asked = 0;
  const resolver: Resolver = {
    query: (name, type, options) => {
      asked++;
      return inner.query(name, type, options);
    },
    close: () => inner.close(),
    stats: inner.stats,
  };
  return { resolver, asked: () => asked };
}

async function pass(
  j: Job,
  resolver: Resolver,
  health: HealthCache,
  out: WriteStream | null,
  total: number,
  rss: number[],
): Promise<number> {
  const catalog = readLines(j.zonesFile).map(entry);
  const started = performance.now();
  let done = 0;
  let nextSample = 1;
  const targets = targetsOf(j);
  // TXT as the CLI asks it: together with A for a handful of targets, after a listing in bulk.
  const txt = j.txt === true;
  const eagerTxt = txt && !j.cidr && targets.length <= EAGER_TXT_MAX_TARGETS;
  for await (const report of checkTargets(targets, { resolver, catalog, health, txt, eagerTxt })) {
    for (const r of report.results) {
      if (r.status === 'clean' || !out) continue;
      const detail = r.status === 'listed' ? r.codes.join(',') : (r.error ?? '');
      out.write(`${report.target}\t${r.zone}\t${r.status}:${detail}\n`);
    }
    done++;
    if (done * 4 >= total * nextSample) {
      rss.push(Math.round(process.memoryUsage.rss() / 1048576));
      nextSample++;
    }
  }
  return Math.round(performance.now() - started);
}

async function main(): Promise<void> {
  const { resolver, asked } = makeResolver(job);
  const health = new HealthCache(resolver);
  const total = job.cidr ? 2 ** (32 - Number(job.cidr.split('/')[1])) : readLines(job.ipsFile!).length;
  const out = createWriteStream(job.outFile);
  const rss: number[] = [];
  const ms = await pass(job, resolver, health, out, total, rss);
  const stats = { ...resolver.stats };
  const askedFirstPass = asked();
  let msWarm: number | undefined;
  if (job.warm) msWarm = await pass(job, resolver, health, null, total, []);
  await new Promise<void>((resolve) => out.end(resolve));
  resolver.close();
  const errors = await countErrors(job.outFile);
  const result: RunnerResult = {
    ...usage(`mxdoctor ${job.impl ?? 'udp'}${job.txt ? ' +TXT' : ''} ${windowLabel(job)}`),
    ms,
    queries: stats.sent,
    asked: askedFirstPass,
    timeouts: stats.timeouts,
    retries: stats.retries,
    errors,
  };
  if (msWarm !== undefined) result.msWarm = msWarm;
  if (job.cidr) result.rssProgressMb = rss;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** `auto` for the UDP client's default adaptive window (at most 512), `wN` for a fixed window of N. */
function windowLabel(j: Job): string {
  if (j.maxInFlight === undefined && (j.impl ?? 'udp') === 'udp') return 'auto';
  return `w${j.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT}`;
}

async function countErrors(file: string): Promise<number> {
  const { readFileSync } = await import('node:fs');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /\t(error|unhealthy):/.test(l)).length;
}

await main();
