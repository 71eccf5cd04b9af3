import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, RESOLVER_FLAGS } from './flags.js';
import { type CommandSpec, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { analyseInBatches, startPoolForFolders } from './message-batch-run.js';
import { paintFor } from './output.js';

/** Sisimai's sense, which admins often read otherwise: said in the help and under each report. */
const HARD_SOFT =
  'hard = retrying the same mail cannot succeed (the address or host does not exist); soft = it may ' +
  'succeed later or once the cause is fixed (a blocklist, a full mailbox, a policy), even when the ' +
  'server answered 5xx';

export const SPEC = {
  name: 'bounce',
  usage: 'FILE|FOLDER|- [...] [options]',
  description: `Explains bounces (NDRs/DSNs): per failed recipient the reply code, the enhanced status code, the
reason (Sisimai's taxonomy) and whether it is hard or soft, the remote server, and the blocklist
that refused the mail with the IP it named and how to get off it. Reads .eml files, mboxes,
Maildir folders, or standard input (-), including a bare SMTP error line pasted with no headers.
Hard and soft follow Sisimai: ${HARD_SOFT}.`,
  flags: [
    { name: 'check', kind: 'boolean', help: 'check each IP a blocklist named against the blocklists, live' },
    ...RESOLVER_FLAGS,
    ...CATALOG_FLAGS,
    ...COMMON_FLAGS,
  ],
  exit: {
    ok: 'no bounce found',
    problem: 'a bounce found',
  },
} as const satisfies CommandSpec;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  // A --catalog or --zones that cannot be used is bad usage: said now, not swallowed.
  const catalog =
    values.catalog !== undefined || values.zones !== undefined
      ? await (await import('./dns-flags.js')).catalogFromFlags(values)
      : null;
  const options = catalog ? { catalog } : {};
  const paint = paintFor(io);
  const json = values.json === true;
  const colour = paint.red('x') !== 'x';
  if (!values.check) {
    // Without --check, batches of files are read and analysed on every core (message-batch-run.ts).
    // The workers start before the analysis code loads here: their start-up overlaps ours.
    const pool = {
      command: 'bounce',
      options: { json, colour },
      workerData: catalog ? { catalog } : {},
    } as const;
    const started = startPoolForFolders(positionals, pool);
    // Loaded while the folder is walked and the workers get their first batches.
    const analyse = import('./bounce-outcome.js').then((m) => m.analyseBounceMessage(options, json, colour));
    const counts = await analyseInBatches(SPEC.name, positionals, io, { analyse, pool, started });
    if (!json && counts.withRecipients > 0)
      await write(io.stdout, paint.dim(`(hard/soft as in Sisimai: ${HARD_SOFT}.)\n`));
    if (counts.flagged > 0) return EXIT_PROBLEM;
    return counts.errors + counts.warnings > 0 ? EXIT_USAGE : EXIT_OK;
  }
  const { runWithCheck } = await import('./bounce-check.js');
  const footnote = paint.dim(`(hard/soft as in Sisimai: ${HARD_SOFT}.)\n`);
  return runWithCheck(io, {
    command: SPEC.name,
    paths: positionals,
    values,
    catalog,
    options,
    json,
    paint,
    footnote,
  });
}
