/**
 * The headline of bench:bounce: the whole `mxdoctor bounce --json FOLDER` process as a user runs
 * it (start-up, folder walk, file reads, analysis, JSON output), on a folder of N messages made
 * by repeating the corpus files, beside Sisimai's whole run on the same folder, with the peak RSS
 * of each process (GNU time). The CLI is bundled privately (scripts/bundle.mjs --cli-only)
 * under node_modules/.cache, laid out as installed, so the run neither needs nor disturbs dist/.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleInstalledCli } from './lib/cli-run.js';

export interface ProcessRun {
  seconds: number;
  peakRssMb: number;
  /** JSON lines the CLI printed (one per message): checks the folder was read whole. */
  lines: number;
}

const TIME = '/usr/bin/time';

/**
 * Bundles the CLI into node_modules/.cache with the project's own build (scripts/bundle.mjs
 * --cli-only), laid out as an installed mxdoctor is (bin/mxdoctor, dist/bundle/, a package.json
 * saying "type": "module"), so the bench times what users run: the launcher (which starts
 * `bounce` without NODE_EXTRA_CA_CERTS), and chunks Node knows to be ES modules (without the
 * package.json, Node 20 first tries each chunk as CommonJS: 60-70 ms more per thread). npm
 * packages resolve from the checkout; dist/ is left alone. Returns the launcher's path.
 */
export async function bundleCli(): Promise<string> {
  return bundleInstalledCli(resolve('.'), 'mxdoctor-bench-bounce');
}

/** A folder of `count` messages, the corpus files repeated; and a second folder of symlinks to them. */
export function makeFolders(corpus: string, files: string[], count: number): { dir: string; links: string } {
  const root = mkdtempSync(join(tmpdir(), 'mxd-bounce-e2e-'));
  const dir = join(root, 'messages');
  const links = join(root, 'links');
  mkdirSync(dir);
  mkdirSync(links);
  for (let i = 0; i < count; i++) {
    const file = files[i % files.length]!;
    const name = `r${Math.floor(i / files.length)}-${file}`;
    copyFileSync(join(corpus, file), join(dir, name));
    symlinkSync(join(dir, name), join(links, name));
  }
  return { dir, links };
}

function timed(command: string, args: string[]): ProcessRun & { stdout: string } {
  const useTime = existsSync(TIME);
  const result = useTime
    ? spawnSync(TIME, ['-f', '%e %M', command, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' })
    : spawnSync(command, args, { maxBuffer: 1 << 30, encoding: 'utf8' });
  const started = performance.now();
  if (result.error) throw result.error;
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const m = /^([\d.]+) (\d+)$/.exec(last);
  const seconds = m ? Number(m[1]) : (performance.now() - started) / 1000;
  const peakRssMb = m ? Number(m[2]) / 1024 : Number.NaN;
  const lines = result.stdout.split('\n').filter((l) => l.startsWith('{')).length;
  return { seconds, peakRssMb, lines, stdout: result.stdout };
}

/** Median of `runs` whole runs of the bundled CLI (its launcher) over `dir`. */
export function runCli(launcher: string, dir: string, runs: number): ProcessRun {
  const all = Array.from({ length: runs }, () => timed(launcher, ['bounce', '--json', dir]));
  all.sort((a, b) => a.seconds - b.seconds);
  const mid = all[Math.floor(all.length / 2)]!;
  return { seconds: mid.seconds, peakRssMb: Math.max(...all.map((r) => r.peakRssMb)), lines: mid.lines };
}

/** One whole Sisimai run (the peer script, perl start-up included) over `dir`. */
export function runSisimai(peerScript: string, dir: string): ProcessRun {
  const run = timed('perl', [peerScript, dir]);
  const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
  return { seconds: run.seconds, peakRssMb: run.peakRssMb, lines: Object.keys(parsed).length };
}
