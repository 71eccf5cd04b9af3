/**
 * Runner: the npm package `dnsbl` (4.x) `batch()` on a Job. It answers only true/false, so a
 * timeout or refusal reads as "not listed": errors are reported as null (cannot be told apart).
 * Its per-query timers outlive the work, so the process exits explicitly.
 */
import { writeFileSync } from 'node:fs';
import { batch } from 'dnsbl';
import { jobFromArgv, type RunnerResult, readLines, usage } from './job.js';

const job = jobFromArgv();
const ips = readLines(job.ipsFile!);
const zones = readLines(job.zonesFile);
const started = performance.now();
const results = (await batch(ips, zones, {
  servers: [`${job.server.host}:${job.server.port}`],
  timeout: job.timeoutMs,
  concurrency: job.concurrency ?? 64,
})) as { address: string; blacklist: string; listed: boolean }[];
const ms = Math.round(performance.now() - started);
writeFileSync(
  job.outFile,
  results
    .filter((r) => r.listed)
    .map((r) => `${r.address}\t${r.blacklist}\tlisted:true\n`)
    .join(''),
);
const result: RunnerResult = {
  ...usage('npm dnsbl@4.0.3 c64'),
  ms,
  queries: results.length,
  timeouts: null,
  retries: null,
  errors: null,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
process.exit(0);
