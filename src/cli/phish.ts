import { analyzePhish, looksBinary, renderRuleCatalog, renderText, toJson } from '../phish/index.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { COMMON_FLAGS } from './flags.js';
import { type CommandSpec, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { forEachMessage } from './message-run.js';
import { highlightFirstLine, paintFor, warn } from './output.js';
import {
  createPhishPool,
  MAX_IN_FLIGHT_MESSAGES,
  type PhishPool,
  POOL_AFTER_MESSAGES,
} from './phish-pool.js';

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

// Over 50 lines: the in-order output queue and the hand-off to worker threads read best together.
export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  if (values.explain && positionals.length === 0) {
    await write(io.stdout, renderRuleCatalog());
    return EXIT_OK;
  }
  const paint = paintFor(io);
  const verdictColours = { PHISHING: paint.red, SUSPICIOUS: paint.yellow, CLEAN: paint.green };
  let flagged = 0;
  let empty = 0;
  let analysed = 0;
  let pool: PhishPool | null | undefined;
  // Results in input order: each message's promise is queued, written when its turn comes.
  const queue: Promise<{ name: string; out: string; flagged: boolean }>[] = [];
  const emit = async (result: { name: string; out: string; flagged: boolean }) => {
    if (result.flagged) flagged++;
    const text = values.json
      ? result.out
      : highlightFirstLine(result.out, result.name.length, verdictColours);
    await write(io.stdout, text);
  };
  const analyse = async (name: string, bytes: Uint8Array) => {
    if (analysed++ === POOL_AFTER_MESSAGES) pool = createPhishPool();
    if (pool) return { name, ...(await pool.analyse(name, bytes, values.json === true)) };
    const report = await analyzePhish(bytes);
    const out = values.json ? `${JSON.stringify(toJson(name, report))}\n` : renderText(name, report);
    return { name, out, flagged: report.verdict !== 'clean' };
  };
  let tally: Awaited<ReturnType<typeof forEachMessage>>;
  try {
    tally = await forEachMessage(SPEC.name, positionals, io, async (item) => {
      if (item.bytes.length === 0) {
        empty++;
        await warn(io, SPEC.name, `${item.name}: empty input, not a message`);
        return;
      }
      if (looksBinary(item.bytes)) {
        empty++;
        await warn(io, SPEC.name, `${item.name}: binary input, not a mail message`);
        return;
      }
      const pending = analyse(item.name, item.bytes);
      // Awaited in turn below; marked handled now so a failure while others wait is not "unhandled".
      pending.catch(() => {});
      queue.push(pending);
      while (queue.length >= (pool ? MAX_IN_FLIGHT_MESSAGES : 1)) await emit(await queue.shift()!);
    });
    while (queue.length > 0) await emit(await queue.shift()!);
  } finally {
    await pool?.close();
  }
  if (values.explain && !values.json) await write(io.stdout, `\n${renderRuleCatalog()}`);
  if (flagged > 0) return EXIT_PROBLEM;
  return tally.errors + empty > 0 ? EXIT_USAGE : EXIT_OK;
}
