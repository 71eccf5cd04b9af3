import type { BounceReport } from '../bounce/index.js';
import { analyzeBounce, blockedIps, renderText } from '../bounce/index.js';
import type { CatalogEntry, HealthCache, TargetReport } from '../check/index.js';
import type { Resolver } from '../dns/index.js';
import { renderCheckText } from '../render/check-text.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, RESOLVER_FLAGS } from './flags.js';
import { type CommandSpec, type FlagValues, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import type { BounceJsonLine } from './json-shapes.js';
import { type MessageOutcome, OrderedAnalysis } from './message-pool.js';
import { forEachMessage } from './message-run.js';
import { highlightFirstLine, paintFor } from './output.js';

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
  const live = values.check ? new LiveCheck(values, catalog) : null;
  const paint = paintFor(io);
  let bounces = 0;
  let warnings = 0;
  let explained = false;
  const count = (name: string, outcome: MessageOutcome) => {
    if (outcome.flagged) bounces++;
    // Binary or empty input is reported (with its warning) and counts as bad input for the exit status.
    if (outcome.warning) warnings++;
    // The hard/soft footnote is for people reading text, never a line of NDJSON.
    explained ||= !values.json && outcome.recipients > 0;
    const text = values.json
      ? outcome.out
      : highlightFirstLine(outcome.out, name.length, { bounce: paint.red });
    return write(io.stdout, text);
  };
  // Without --check, analysis moves to worker threads past a few dozen messages (message-pool.ts).
  const run = live
    ? null
    : new OrderedAnalysis(
        async (name, bytes) => outcomeOf(name, analyzeBounce(bytes, options), values.json === true),
        { command: 'bounce', json: values.json === true, workerData: catalog ? { catalog } : {} },
        async (name, outcome) => count(name, outcome),
      );
  try {
    const tally = await forEachMessage(SPEC.name, positionals, io, async (item) => {
      if (run) return run.add(item.name, item.bytes);
      const report = analyzeBounce(item.bytes, options);
      const checks = live ? await live.check(blockedIps(report)) : [];
      if (values.json) {
        const line: BounceJsonLine = { file: item.name, ...report };
        if (live) line.check = checks;
        await count(item.name, { ...outcomeOf(item.name, report, false), out: `${JSON.stringify(line)}\n` });
        return;
      }
      await count(item.name, outcomeOf(item.name, report, false));
      for (const c of checks)
        await write(io.stdout, `  live check of ${c.target}:\n${renderCheckText(c, paint)}`);
    }).finally(() => run?.finish());
    if (explained) await write(io.stdout, paint.dim(`(hard/soft as in Sisimai: ${HARD_SOFT}.)\n`));
    if (bounces > 0) return EXIT_PROBLEM;
    return tally.errors + warnings > 0 ? EXIT_USAGE : EXIT_OK;
  } finally {
    live?.close();
  }
}

/** What the command counts of one report, and its text or JSON line (as the workers give it). */
function outcomeOf(name: string, report: BounceReport, json: boolean): MessageOutcome {
  return {
    out: json
      ? `${JSON.stringify({ file: name, ...report } satisfies BounceJsonLine)}\n`
      : renderText(name, report),
    flagged: report.isBounce,
    warning: report.warning !== null,
    recipients: report.recipients.length,
  };
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
