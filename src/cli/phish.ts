import { parseArgs } from 'node:util';
import { analyzeMessage } from '../phish/analyze.js';
import { renderRuleCatalog, renderText, toJson } from '../phish/render.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, write } from './io.js';
import { readMessages, requirePaths } from './read-messages.js';

const HELP = `Usage: mxdoctor phish FILE|FOLDER|- [...] [options]

Analyses messages for phishing, offline: every link (HTML and text, decoded and normalised, with
its real registrable domain), the sender (display name, Reply-To, Authentication-Results),
attachments and wording. Gives a verdict (phishing, suspicious, clean), a score and each finding
with its evidence. Reads .eml files, mboxes, Maildir folders, or standard input (-).

Options:
  --json        one JSON object per message (one per line for several)
  --explain     print what each rule means and how the verdict is reached
                (alone: just the rule list; with messages: the list after the reports)
  -h, --help    this help

Exit status: 0 all clean, 1 something suspicious or phishing, 2 bad usage or unreadable input.
`;

const OPTIONS = {
  json: { type: 'boolean' },
  explain: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_OK;
  }
  if (values.explain && positionals.length === 0) {
    await write(io.stdout, renderRuleCatalog());
    return EXIT_OK;
  }
  requirePaths(positionals, 'phish');
  let flagged = 0;
  let errors = 0;
  for await (const item of readMessages(positionals, io)) {
    if ('error' in item) {
      errors++;
      await write(io.stderr, `mxdoctor phish: ${item.error}\n`);
      continue;
    }
    if (item.bytes.length === 0) {
      errors++;
      await write(io.stderr, `mxdoctor phish: ${item.name}: empty input, not a message\n`);
      continue;
    }
    const report = await analyzeMessage(item.bytes);
    if (report.verdict !== 'clean') flagged++;
    await write(
      io.stdout,
      values.json ? `${JSON.stringify(toJson(item.name, report))}\n` : renderText(item.name, report),
    );
  }
  if (values.explain && !values.json) await write(io.stdout, `\n${renderRuleCatalog()}`);
  if (flagged > 0) return EXIT_PROBLEM;
  return errors > 0 ? EXIT_USAGE : EXIT_OK;
}
