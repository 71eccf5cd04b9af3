import { opendirSync } from 'node:fs';
// Only the binary-input test is needed before a message is analysed; the analysis itself is
// imported when the main thread first analyses (a big folder goes to worker threads at once, and
// the main thread then never compiles the rules: ~50 ms of CPU the workers need on 2 cores).
import { looksBinary } from '../mail/binary.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { COMMON_FLAGS } from './flags.js';
import { type CommandSpec, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { OrderedAnalysis, POOL_AFTER_MESSAGES } from './message-pool.js';
import { forEachMessage } from './message-run.js';
import { highlightFirstLine, paintFor, warn } from './output.js';

export const SPEC = {
  name: 'phish',
  usage: 'FILE|FOLDER|- [...] [options]',
  description: `Analyses messages for phishing, offline: every link (HTML and text, decoded and normalised, with
its real registrable domain), the sender (display name, Reply-To, Authentication-Results),
attachments and wording. Gives a verdict (phishing, suspicious, clean), a score and each finding
with its evidence. Reads .eml files, mboxes, Maildir folders, or standard input (-).`,
  flags: [
    {
      name: 'explain',
      kind: 'boolean',
      help: 'what each rule means and how the verdict is reached (alone: just that)',
    },
    ...COMMON_FLAGS,
  ],
  exit: {
    ok: 'every message clean',
    problem: 'a message suspicious or phishing',
  },
} as const satisfies CommandSpec;

let phishModule: Promise<typeof import('../phish/index.js')> | null = null;

function loadPhish(): Promise<typeof import('../phish/index.js')> {
  phishModule ??= import('../phish/index.js');
  return phishModule;
}

/**
 * Whether a path is a folder of more than POOL_AFTER_MESSAGES entries (counted no further). Such
 * a folder is handed to the worker threads from its first message: analysed first on the main
 * thread, its first messages warmed a third JIT on 2 cores while the workers had not started.
 */
function isBigFolder(path: string): boolean {
  let dir: ReturnType<typeof opendirSync>;
  try {
    dir = opendirSync(path);
  } catch {
    return false; // a file, standard input, or unreadable: the reader reports it
  }
  try {
    let entries = 0;
    while (dir.readSync() !== null) if (++entries > POOL_AFTER_MESSAGES) return true;
    return false;
  } finally {
    dir.closeSync();
  }
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  if (values.explain && positionals.length === 0) {
    await write(io.stdout, (await loadPhish()).renderRuleCatalog());
    return EXIT_OK;
  }
  const paint = paintFor(io);
  const verdictColours = { PHISHING: paint.red, SUSPICIOUS: paint.yellow, CLEAN: paint.green };
  let flagged = 0;
  let empty = 0;
  const run = new OrderedAnalysis(
    async (name, bytes) => {
      const { analyzePhish, renderText, toJson } = await loadPhish();
      const report = await analyzePhish(bytes);
      const out = values.json ? `${JSON.stringify(toJson(name, report))}\n` : renderText(name, report);
      return { out, flagged: report.verdict !== 'clean', warning: false, recipients: 0 };
    },
    { command: 'phish', json: values.json === true },
    async (name, outcome) => {
      if (outcome.flagged) flagged++;
      const text = values.json ? outcome.out : highlightFirstLine(outcome.out, name.length, verdictColours);
      await write(io.stdout, text);
    },
  );
  if (positionals.some(isBigFolder)) run.withInlineFirst(0);
  let tally: Awaited<ReturnType<typeof forEachMessage>>;
  try {
    tally = await forEachMessage(SPEC.name, positionals, io, async (item) => {
      if (item.bytes.length === 0 || looksBinary(item.bytes)) {
        empty++;
        const what =
          item.bytes.length === 0 ? 'empty input, not a message' : 'binary input, not a mail message';
        await warn(io, SPEC.name, `${item.name}: ${what}`);
        return;
      }
      await run.add(item.name, item.bytes);
    });
  } finally {
    await run.finish();
  }
  if (values.explain && !values.json) await write(io.stdout, `\n${(await loadPhish()).renderRuleCatalog()}`);
  if (flagged > 0) return EXIT_PROBLEM;
  return tally.errors + empty > 0 ? EXIT_USAGE : EXIT_OK;
}
