/**
 * Shared set-up of the `mxdoctor check` integration tests: rbldnsd serving the test zones, a
 * --catalog file describing them, and the CLI run in-process with captured streams (or as a real
 * process through src/cli/entry.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { type RbldnsdServer, startRbldnsd } from '../helpers/rbldnsd.js';
import { testCatalog, testZones } from '../helpers/zones.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CheckFixture {
  server: RbldnsdServer;
  dir: string;
  catalogFile: string;
  /** `--resolver 127.0.0.1:PORT --catalog FILE --timeout 300`. */
  baseArgs: string[];
  stop(): Promise<void>;
}

/** Per-attempt timeout the tests give the dead zone: short, so a test waits ~2 x 300 ms. */
export const TEST_TIMEOUT_MS = 300;

export async function startCheckFixture(): Promise<CheckFixture> {
  const server = await startRbldnsd({ zones: testZones() });
  const dir = mkdtempSync(join(tmpdir(), 'mxd-check-'));
  const catalogFile = join(dir, 'catalog.json');
  writeFileSync(catalogFile, JSON.stringify(testCatalog(), null, 2));
  return {
    server,
    dir,
    catalogFile,
    baseArgs: [
      '--resolver',
      `${server.host}:${server.port}`,
      '--catalog',
      catalogFile,
      '--timeout',
      String(TEST_TIMEOUT_MS),
    ],
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function collector(): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/** Runs `mxdoctor check ARGS` in-process, stdin fed from `stdin`. */
export async function runCheck(args: string[], stdin = ''): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const io: CliIo = {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([Buffer.from(stdin)]),
    env: {},
  };
  const code = await main(['check', ...args], io);
  return { code, stdout: out.text(), stderr: err.text() };
}

/** Runs the real command line: `node --import tsx src/cli/entry.ts check ARGS`. */
export function runCheckProcess(args: string[]): Promise<CliRun> {
  const root = new URL('../..', import.meta.url).pathname;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/entry.ts', 'check', ...args],
      { cwd: root, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: number }).code ?? 70) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface JsonResult {
  zone: string;
  status: 'listed' | 'clean' | 'error' | 'unhealthy' | 'unverified';
  address?: string;
  codes: string[];
  meaning: string | null;
  txt: string | null;
  delist: string | null;
  policy: string | null;
  ms: number;
  error: string | null;
}

export interface JsonReport {
  target: string;
  results: JsonResult[];
  summary: Record<'listed' | 'clean' | 'error' | 'unhealthy' | 'unverified', number>;
}

/**
 * `--json` output is NDJSON whatever the number of targets: the run-level line (`kind: 'run'`,
 * zone health and the resolver's verdict) first, then one compact object a line per target.
 */
export function parseJsonReports(stdout: string): JsonReport[] {
  const [first = '', ...rest] = stdout.trimEnd().split('\n');
  assert.equal((JSON.parse(first) as { kind?: string }).kind, 'run', 'the first line is the run record');
  return rest.map((line) => JSON.parse(line) as JsonReport);
}

export function resultFor(report: JsonReport | undefined, zone: string): JsonResult {
  const result = report?.results.find((r) => r.zone === zone && r.address === undefined);
  if (!result) throw new Error(`no result for ${zone} in ${JSON.stringify(report)}`);
  return result;
}
