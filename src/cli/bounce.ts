import { analyzeBounce, blockedIps } from '../bounce/index.js';
import type { CatalogEntry, HealthCache, TargetReport } from '../check/index.js';
import type { Resolver } from '../dns/index.js';
import { renderCheckText } from '../render/check-text.js';
import { analyseBounceMessage, bounceOutcome } from './bounce-outcome.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, RESOLVER_FLAGS } from './flags.js';
import { type CommandSpec, type FlagValues, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import type { BounceJsonLine } from './json-shapes.js';
import { analyseInBatches } from './message-batch-run.js';
import { forEachMessage } from './message-run.js';
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

type Values = FlagValues<typeof SPEC.flags>;

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
    const counts = await analyseInBatches(SPEC.name, positionals, io, {
      analyse: analyseBounceMessage(options, json, colour),
      pool: { command: 'bounce', options: { json, colour }, workerData: catalog ? { catalog } : {} },
    });
    if (!json && counts.withRecipients > 0)
      await write(io.stdout, paint.dim(`(hard/soft as in Sisimai: ${HARD_SOFT}.)\n`));
    if (counts.flagged > 0) return EXIT_PROBLEM;
    return counts.errors + counts.warnings > 0 ? EXIT_USAGE : EXIT_OK;
  }
  const live = new LiveCheck(values, catalog);
  let bounces = 0;
  let warnings = 0;
  let explained = false;
  try {
    const tally = await forEachMessage(SPEC.name, positionals, io, async (item) => {
      const report = analyzeBounce(item.bytes, options);
      const checks = await live.check(blockedIps(report));
      const outcome = bounceOutcome(item.name, report, json, colour);
      if (outcome.flagged) bounces++;
      // Binary or empty input is reported (with its warning) and counts as bad input for the exit status.
      if (outcome.warning) warnings++;
      if (json) {
        const line: BounceJsonLine = { file: item.name, ...report, check: checks };
        await write(io.stdout, `${JSON.stringify(line)}\n`);
        return;
      }
      // The hard/soft footnote is for people reading text, never a line of NDJSON.
      explained ||= outcome.recipients > 0;
      await write(io.stdout, outcome.out);
      for (const c of checks)
        await write(io.stdout, `  live check of ${c.target}:\n${renderCheckText(c, paint)}`);
    });
    if (explained) await write(io.stdout, paint.dim(`(hard/soft as in Sisimai: ${HARD_SOFT}.)\n`));
    if (bounces > 0) return EXIT_PROBLEM;
    return tally.errors + warnings > 0 ? EXIT_USAGE : EXIT_OK;
  } finally {
    live.close();
  }
}

/** `--check`: one resolver and one catalog for the whole run, opened at the first IP. */
class LiveCheck {
  private resolver: Resolver | null = null;
  private catalog: CatalogEntry[] | null;
  private health: HealthCache | null = null;

  constructor(
    private readonly values: Values,
    catalog: CatalogEntry[] | null,
  ) {
    this.catalog = catalog;
  }

  async check(ips: string[]): Promise<TargetReport[]> {
    if (ips.length === 0) return [];
    const { checkTargets, HealthCache: Cache } = await import('../check/index.js');
    const { parseTarget } = await import('../core/targets.js');
    const { catalogFromFlags, resolverFromFlags } = await import('./dns-flags.js');
    this.catalog ??= await catalogFromFlags(this.values);
    this.resolver ??= resolverFromFlags(this.values);
    this.health ??= new Cache(this.resolver);
    const out: TargetReport[] = [];
    const options = { resolver: this.resolver, catalog: this.catalog, health: this.health };
    for await (const report of checkTargets(
      ips.map((ip) => parseTarget(ip)),
      options,
    ))
      out.push(report);
    return out;
  }

  close(): void {
    this.resolver?.close();
  }
}
