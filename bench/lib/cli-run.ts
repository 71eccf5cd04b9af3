/**
 * The headline of the message benchmarks: the whole `mxdoctor` process as a user runs it, on a
 * folder and on one file, wall time and peak RSS (GNU time), median of several runs.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export interface CliRun {
  wallMs: number;
  peakRssMb: number;
  exitCode: number;
}

export interface CliFigures {
  command: string;
  folderMessages: number;
  folderWallMs: number;
  folderMsgsPerSec: number;
  folderPeakRssMb: number;
  oneFileP50Ms: number;
  oneFileP95Ms: number;
  oneFilePeakRssMb: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * The CLI as installed, built privately (scripts/bundle.mjs --cli-only) under
 * node_modules/.cache/<cacheName> of the checkout `root`, so dist/ is neither needed nor disturbed:
 * the launcher bin/mxdoctor (a shell script: it starts the message commands without
 * NODE_EXTRA_CA_CERTS), dist/bundle/, and a package.json saying "type": "module" (without it Node 20
 * first tries each chunk as CommonJS: 60-70 ms more per thread). npm packages resolve from the
 * checkout. Returns the launcher's path.
 */
export function bundleInstalledCli(root: string, cacheName: string): string {
  const out = join(root, 'node_modules/.cache', cacheName);
  const built = spawnSync(
    process.execPath,
    ['scripts/bundle.mjs', '--cli-only', '--outdir', join(out, 'dist/bundle')],
    { cwd: root, stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error(`scripts/bundle.mjs --cli-only failed (exit ${built.status})`);
  mkdirSync(join(out, 'bin'), { recursive: true });
  copyFileSync(join(root, 'bin/mxdoctor'), join(out, 'bin/mxdoctor'));
  chmodSync(join(out, 'bin/mxdoctor'), 0o755);
  writeFileSync(join(out, 'package.json'), '{ "type": "module", "private": true }\n');
  return join(out, 'bin/mxdoctor');
}

/**
 * The CLI to measure: the built bin/mxdoctor (a shell launcher, run as a user runs it) when it
 * exists, else the sources under tsx.
 */
export function cliCommand(root: string): string[] {
  const bin = resolve(root, 'bin/mxdoctor');
  if (existsSync(resolve(root, 'dist/bundle/entry.js'))) return [bin];
  return [process.execPath, '--import', 'tsx', resolve(root, 'src/cli/entry.ts')];
}

export function runCli(command: readonly string[], args: readonly string[]): CliRun {
  const timed = existsSync(GNU_TIME);
  const argv = timed ? ['-f', '%e %M', ...command, ...args] : [...command.slice(1), ...args];
  const start = performance.now();
  const r = spawnSync(timed ? GNU_TIME : command[0]!, argv, {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = performance.now() - start;
  const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
  const rssKb = timed ? Number(last.split(' ')[1]) : Number.NaN;
  return {
    wallMs,
    peakRssMb: Number.isFinite(rssKb) ? Math.round(rssKb / 1024) : 0,
    exitCode: r.status ?? -1,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Copies the files into one flat folder, as a user's saved messages would sit. */
export function flatFolder(files: readonly string[]): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mxdoctor-bench-'));
  mkdirSync(join(dir, 'msgs'));
  for (const [i, f] of files.entries())
    copyFileSync(f, join(dir, 'msgs', `${String(i).padStart(5, '0')}-${basename(f)}`));
  return { dir: join(dir, 'msgs'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `mxdoctor <subcommand> --json FOLDER` (median of `runs`) and one file (p50/p95 of `oneFileRuns`). */
export function measureCli(
  command: readonly string[],
  subcommand: string,
  files: readonly string[],
  runs: number,
  oneFileRuns: number,
): CliFigures {
  const folder = flatFolder(files);
  try {
    runCli(command, [subcommand, '--json', folder.dir]); // warm the page cache
    const folderRuns = Array.from({ length: runs }, () =>
      runCli(command, [subcommand, '--json', folder.dir]),
    );
    const one = files[Math.floor(files.length / 2)]!;
    const oneRuns = Array.from({ length: oneFileRuns }, () => runCli(command, [subcommand, '--json', one]));
    const folderWallMs = median(folderRuns.map((r) => r.wallMs));
    return {
      command: `${command.map((c) => basename(c)).join(' ')} ${subcommand} --json`,
      folderMessages: files.length,
      folderWallMs: Math.round(folderWallMs),
      folderMsgsPerSec: Math.round(files.length / (folderWallMs / 1000)),
      folderPeakRssMb: Math.max(...folderRuns.map((r) => r.peakRssMb)),
      oneFileP50Ms: Math.round(
        percentile(
          oneRuns.map((r) => r.wallMs),
          50,
        ),
      ),
      oneFileP95Ms: Math.round(
        percentile(
          oneRuns.map((r) => r.wallMs),
          95,
        ),
      ),
      oneFilePeakRssMb: Math.max(...oneRuns.map((r) => r.peakRssMb)),
    };
  } finally {
    folder.cleanup();
  }
}
