/**
 * `bounce --check`: each message analysed on the main thread, and each IP a blocklist named
 * checked live against the blocklists (one resolver and catalog for the run) before the next.
 * Loaded only with --check: without it, `bounce` never loads the check and DNS code.
 */
import { analyzeBounce, type BounceOptions, blockedIps } from '../bounce/index.js';
import type { CatalogEntry, HealthCache, TargetReport } from '../check/index.js';
import type { Resolver } from '../dns/index.js';
import type { Paint } from '../render/check-text.js';
import { renderCheckText } from '../render/check-text.js';
import { bounceOutcome } from './bounce-outcome.js';
import type { CatalogFlagValues, DnsFlagValues } from './dns-flags.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, write } from './io.js';
import type { BounceJsonLine } from './json-shapes.js';
import { forEachMessage } from './message-run.js';

export interface CheckRun {
  command: string;
  paths: readonly string[];
  values: DnsFlagValues & CatalogFlagValues;
  catalog: CatalogEntry[] | null;
  options: BounceOptions;
  json: boolean;
  paint: Paint;
  /** The footnote printed under text reports with recipients. */
  footnote: string;
}

export async function runWithCheck(io: CliIo, run: CheckRun): Promise<number> {
  const { values, catalog, options, json, paint } = run;
  const colour = paint.red('x') !== 'x';
  const live = new LiveCheck(values, catalog);
  let bounces = 0;
  let warnings = 0;
  let explained = false;
  try {
    const tally = await forEachMessage(run.command, run.paths, io, async (item) => {
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
    if (explained) await write(io.stdout, run.footnote);
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
    private readonly values: DnsFlagValues & CatalogFlagValues,
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
