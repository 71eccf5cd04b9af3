import { analyzePhish, looksBinary, renderRuleCatalog, renderText, toJson } from '../phish/index.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { COMMON_FLAGS } from './flags.js';
import { type CommandSpec, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { forEachMessage } from './message-run.js';
import { highlightFirstLine, paintFor, warn, writeJsonLine } from './output.js';

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
  const tally = await forEachMessage(SPEC.name, positionals, io, async (item) => {
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
    const report = await analyzePhish(item.bytes);
    if (report.verdict !== 'clean') flagged++;
    if (values.json) await writeJsonLine(io, toJson(item.name, report));
    else
      await write(
        io.stdout,
        highlightFirstLine(renderText(item.name, report), item.name.length, verdictColours),
      );
  });
  if (values.explain && !values.json) await write(io.stdout, `\n${renderRuleCatalog()}`);
  if (flagged > 0) return EXIT_PROBLEM;
  return tally.errors + empty > 0 ? EXIT_USAGE : EXIT_OK;
}
