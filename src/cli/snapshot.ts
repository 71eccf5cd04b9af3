/**
 * The start-up snapshot of the message commands (`phish`, `bounce`): scripts/bundle.mjs bundles
 * this file as one CommonJS script and runs `node --build-snapshot` on it, which writes
 * dist/snapshot/cli.blob; bin/mxdoctor then starts those commands with `node --snapshot-blob`.
 *
 * Why: a single `mxdoctor phish FILE` spent most of its time before the first rule ran: the ESM
 * loader resolving, reading and compiling a dozen chunks, then building the rule tables (brands,
 * lure phrases, the public-suffix trie), then running every function once in the interpreter's
 * slowest tier. Here all of that happens once, at build time: the commands' modules are loaded,
 * their tables built, and their code run on sample messages (so their bytecode is compiled)
 * before V8 serialises the heap. Node's own API (node:v8 startupSnapshot, documented since 18.20);
 * no library does this for us.
 *
 * What must not be frozen at build time is read when the process starts: the command line, the
 * environment and the terminal (picocolors is always asked through createColors, see output.ts),
 * and where the bundle lies (message-pool.ts finds its worker script beside it), given by the
 * blob's own path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString, startupSnapshot } from 'node:v8';
import { dispatch } from './dispatch.js';
import { processIo } from './io.js';
import { MESSAGE_COMMANDS } from './message-commands.js';
import { startWorkersWith } from './message-pool.js';
import { ProcessWorker, runWorkerProcess, WORKER_PROCESS_ARG } from './message-process.js';
import type { MessageWorkData } from './message-work.js';
import { startCli } from './start.js';

/** Where sample messages for the warm-up are read from, at build time only. */
const SAMPLES_ENV = 'MXDOCTOR_SNAPSHOT_SAMPLES';
/** At most this many files per sample folder: enough to compile every rule's code path. */
const SAMPLES_PER_FOLDER = 120;

/**
 * A charset other than UTF-8 or ASCII, in a header parameter or an encoded word. Such samples are
 * left out: their decoders hold ICU converters, which postal-mime caches and a snapshot cannot
 * hold (the writer aborts).
 */
const OTHER_CHARSET = /charset\s*=\s*"?(?!(?:utf-?8|us-ascii)\b)[\w-]+|=\?(?!(?:utf-?8|us-ascii)\?)[\w-]+\?/i;

function sampleFiles(): Uint8Array[] {
  const folders = (process.env[SAMPLES_ENV] ?? '').split(':').filter(Boolean);
  const files: Uint8Array[] = [];
  for (const folder of folders) {
    const names = readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && d.name.endsWith('.eml'))
      .map((d) => join(d.parentPath, d.name))
      .sort()
      .slice(0, SAMPLES_PER_FOLDER);
    for (const name of names) {
      const bytes = readFileSync(name);
      if (!OTHER_CHARSET.test(bytes.toString('latin1'))) files.push(new Uint8Array(bytes));
    }
  }
  return files;
}

/**
 * Loads the commands' code and runs phish's on the samples, rendered both ways, results dropped.
 * Bounce's analysis is run on an empty input only (its tables are built, as a batch worker's
 * preload does): run on real bounces here, Node 20.20's snapshot writer aborts ("unreachable
 * code", or "global handle not serialized" for an API object) while the phish commands' modules
 * are loaded too; each alone is written fine. Not understood yet; bounce starts warm anyway.
 */
async function warmUp(): Promise<void> {
  await Promise.all(Object.values(MESSAGE_COMMANDS).map((command) => command.load()));
  const [{ analyzePhish, renderText, toJson }, { analyseBounceMessage }] = await Promise.all([
    import('../phish/index.js'),
    import('./bounce-outcome.js'),
  ]);
  analyseBounceMessage({}, true, false)('sample.eml', new Uint8Array(0));
  for (const bytes of sampleFiles()) {
    const report = await analyzePhish(bytes);
    JSON.stringify(toJson('sample.eml', report));
    renderText('sample.eml', report);
  }
}

/** The bundle folder beside the blob's (dist/snapshot/cli.blob -> dist/bundle/), as a module URL. */
export function bundleUrlFromExecArgv(execArgv: readonly string[]): string | undefined {
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const blob =
      arg === '--snapshot-blob'
        ? execArgv[i + 1]
        : arg.startsWith('--snapshot-blob=')
          ? arg.slice(16)
          : undefined;
    if (blob) return pathToFileURL(resolve(dirname(blob), '../bundle/entry.js')).href;
  }
  return undefined;
}

declare global {
  // Replaces import.meta.url in the snapshot's bundle (scripts/bundle.mjs `define`).
  var __mxdoctorModuleUrl: string | undefined;
}

/**
 * V8 compiler settings for a run from the snapshot, set as it starts (a flag given on node's
 * command line would have to be given to `--build-snapshot` as well, or the blob is refused).
 * A message command is a short run: TurboFan's background compiles were a third of its CPU
 * (600 phish files: 2.5 s of CPU for 1.75 s of wall time on one thread). Without inlining and
 * on-stack replacement each compile is cheaper and fewer are wasted: phish over those 600 files
 * 2.2-2.4 -> 1.8-2.0 s of CPU, bounce over 4,700 bounces 2.3 -> 1.9 s, same output byte for byte
 * (test/integration/snapshot.test.ts compares it with the bundle's). These flags only choose what
 * V8 compiles and when, never what the code computes.
 */
const SNAPSHOT_RUN_V8_FLAGS = ['--no-turbo-inlining', '--no-use-osr'];

if (startupSnapshot.isBuildingSnapshot()) {
  warmUp().catch((error: unknown) => {
    process.stderr.write(`snapshot warm-up failed: ${String(error)}\n`);
    process.exitCode = 1;
  });
  startupSnapshot.setDeserializeMainFunction(() => {
    for (const flag of SNAPSHOT_RUN_V8_FLAGS) setFlagsFromString(flag);
    globalThis.__mxdoctorModuleUrl = bundleUrlFromExecArgv(process.execArgv);
    // argv[0] is node; with a snapshot the command line starts at argv[1].
    if (process.argv[1] === WORKER_PROCESS_ARG) return runWorkerProcess();
    // Worker threads do not work from a snapshot; processes from this snapshot do, warm.
    const execArgv = [...process.execArgv];
    startWorkersWith((data) => new ProcessWorker(execArgv, (data ?? null) as MessageWorkData | null));
    startCli(process.argv.slice(1), (argv) => dispatch(argv, processIo(), MESSAGE_COMMANDS));
  });
}
