#!/usr/bin/env node
// `npm run fuzz`: every `*.fuzz.test.ts` for longer, with a random seed (printed, so that a
// failure can be replayed: FUZZ_SEED=<seed> npm run fuzz). CI runs the same properties with a
// fixed seed and a few hundred cases (npm test). Budget: FUZZ_MINUTES in total (default 10),
// shared evenly by the properties; each property stops at its share, or after FUZZ_RUNS cases.
// Files run one after another: the machine's cores are shared.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function walk(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (entry.name.endsWith('.fuzz.test.ts')) out.push(relative(root, full));
  }
  return out;
}

const files = walk(join(root, 'src')).sort();
const properties = files.reduce(
  (n, f) => n + (readFileSync(join(root, f), 'utf8').match(/^\s+it\(/gm) ?? []).length,
  0,
);
const minutes = Number(process.env.FUZZ_MINUTES ?? 10);
const limitMs = Math.max(1000, Math.floor((minutes * 60_000) / Math.max(1, properties)));
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '100000000';
console.log(`fuzz: ${files.length} files, ${properties} properties, ${limitMs} ms each, seed ${seed}`);

let failed = 0;
for (const file of files) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', file], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs, FUZZ_TIME_LIMIT_MS: String(limitMs) },
  });
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`fuzz: ${file} ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${s} s`);
  if (r.status !== 0) failed++;
}
console.log(`fuzz: ${failed === 0 ? 'no failure' : `${failed} file(s) failed`} (seed ${seed})`);
process.exit(failed === 0 ? 0 : 1);
