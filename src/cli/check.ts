import {
  assessZones,
  type CatalogEntry,
  CHECK_DEFAULTS,
  checkTargets,
  type RunAssessment,
  type TargetReport,
} from '../check/index.js';
import { MxError } from '../core/errors.js';
import { parseTargets, type Target } from '../core/targets.js';
import { DNS_DEFAULTS, type Resolver } from '../dns/index.js';
import { renderNagios, renderNagiosBroken } from '../render/check-nagios.js';
import { renderRunHealth, runRecord } from '../render/check-run.js';
import { isNoteworthy, type Paint, renderCheckText } from '../render/check-text.js';
import { catalogFromFlags, resolverFromFlags } from './dns-flags.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED, EXIT_USAGE } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, FILE_FLAG, RESOLVER_FLAGS } from './flags.js';
import { type CommandSpec, type FlagValues, outputFormat, parseCommand, renderHelp } from './grammar.js';
import { readTargets } from './inputs.js';
import { type CliIo, write } from './io.js';
import { paintFor, warn, writeJsonLine } from './output.js';
import { createProgress, type Progress } from './progress.js';

export const SPEC = {
  name: 'check',
  usage: '[TARGET...] [-f FILE|-] [options]',
  description: `Checks IPv4/IPv6 addresses, CIDR ranges and domains against DNS blocklists.
A domain is checked on the domain lists, and its A/AAAA addresses on the IP lists.`,
  flags: [
    FILE_FLAG,
    ...RESOLVER_FLAGS,
    {
      name: 'concurrency',
      kind: 'int',
      arg: 'N',
      help: `DNS queries in flight per resolver, kept as given (default: adaptive, at most ${DNS_DEFAULTS.maxInFlight})`,
      min: 1,
      max: DNS_DEFAULTS.maxInFlightLimit,
    },
    ...CATALOG_FLAGS,
    { name: 'force', kind: 'boolean', help: 'allow ranges larger than a /16' },
    {
      name: 'format',
      kind: 'string',
      arg: 'F',
      help: 'text (default), json or nagios',
      choices: ['text', 'json', 'nagios'],
    },
    { name: 'no-txt', kind: 'boolean', help: 'do not fetch the TXT reason of listings' },
    ...COMMON_FLAGS,
  ],
  exit: {
    ok: 'nothing listed',
    problem: 'listed somewhere',
    undetermined: 'every answer was an error (or the resolver is unusable)',
  },
} as const satisfies CommandSpec;

type Values = FlagValues<typeof SPEC.flags>;

/** Above this many targets the text report lists only targets with something to show. */
const CONDENSE_ABOVE = 16;
/**
 * Targets are read and checked this many at a time: the list streams from its file, so a
 * million targets never sit in memory; a batch keeps the resolver's window full.
 */
const TARGET_BATCH = 16_384;

interface Totals {
  listed: number;
  answered: number;
  queried: number;
  targets: number;
  quietClean: number;
  problems: number;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  const format = outputFormat(values);
  const inputs = readTargets(positionals, values.file ?? [], io);
  const first = await nextBatch(inputs);
  if (first.inputs.length === 0)
    throw new MxError('usage', 'give at least one target (IP, range or domain), or -f FILE');
  const catalog = await catalogFromFlags(values);
  const resolver = resolverFromFlags(values, values.concurrency);
  try {
    return await checkAll(values, format, first, inputs, resolver, catalog, io);
  } finally {
    resolver.close();
  }
}

async function checkAll(
  values: Values,
  format: string,
  first: Batch,
  inputs: AsyncIterator<string[]>,
  resolver: Resolver,
  catalog: readonly CatalogEntry[],
  io: CliIo,
): Promise<number> {
  const started = performance.now();
  const totals: Totals = { listed: 0, answered: 0, queried: 0, targets: 0, quietClean: 0, problems: 0 };
  let targets = await parseBatch(first.inputs, values, totals, io);
  if (targets.length === 0 && first.done) return EXIT_USAGE;
  const count = countTargets(targets);
  // Known only when the whole list fit in the first batch; a longer one is bulk by definition.
  const condensed = !first.done || count > CONDENSE_ABOVE;
  const paint = paintFor(io);
  const progress = createProgress(io, count, format !== 'json' || condensed);
  const { assessed, shownAbove } = await assessRun(
    catalog,
    resolver,
    values.timeout,
    format,
    count,
    paint,
    io,
  );
  if (assessed.resolver.verdict === 'broken') {
    if (format === 'nagios')
      await write(io.stdout, renderNagiosBroken(assessed.resolver.reason, performance.now() - started).text);
    return EXIT_UNDETERMINED;
  }
  const nagiosReports: TargetReport[] = [];
  const emit = reportWriter(format, condensed, paint, shownAbove, progress, totals, nagiosReports, io);
  const options = {
    resolver,
    catalog,
    txt: values['no-txt'] !== true && CHECK_DEFAULTS.txt,
    eagerTxt: first.done && count <= CHECK_DEFAULTS.eagerTxtMaxTargets,
    health: assessed.health,
  };
  try {
    let done = first.done;
    for (;;) {
      for await (const report of checkTargets(targets, options)) await emit(report);
      if (done) break;
      const batch = await nextBatch(inputs);
      done = batch.done;
      targets = await parseBatch(batch.inputs, values, totals, io);
      progress.grow(countTargets(targets));
    }
  } finally {
    progress.stop();
  }
  return finish(format, condensed, totals, nagiosReports, started, io);
}

/**
 * Zone health and the resolver's verdict, once for the run and before any target, printed
 * first: a broken resolver stops the run (exit 3) instead of burying its diagnosis under every
 * target. Returns the zones the header reported, so that targets do not repeat them.
 */
async function assessRun(
  catalog: readonly CatalogEntry[],
  resolver: Resolver,
  deadlineMs: number,
  format: string,
  count: number,
  paint: Paint,
  io: CliIo,
): Promise<{ assessed: RunAssessment; shownAbove: ReadonlySet<string> }> {
  const assessed = await assessZones(catalog, resolver, { deadlineMs });
  if (format === 'json') await writeJsonLine(io, runRecord(assessed, count));
  if (format !== 'text') return { assessed, shownAbove: new Set() };
  const header = renderRunHealth(assessed, count, paint);
  await write(io.stdout, header.text);
  return { assessed, shownAbove: header.shown };
}

function reportWriter(
  format: string,
  condensed: boolean,
  paint: Paint,
  shownAbove: ReadonlySet<string>,
  progress: Progress,
  totals: Totals,
  nagiosReports: TargetReport[],
  io: CliIo,
): (report: TargetReport) => Promise<void> {
  return async (report) => {
    totals.targets++;
    totals.listed += report.summary.listed;
    totals.answered += report.summary.listed + report.summary.clean;
    totals.queried += report.results.length;
    progress.tick();
    if (format === 'json') await writeJsonLine(io, report);
    // Nagios gives one line for the run: it is meant for a handful of targets, not for bulk.
    else if (format === 'nagios') nagiosReports.push(report);
    else if (!condensed || isNoteworthy(report, shownAbove)) {
      progress.clear();
      await write(io.stdout, renderCheckText(report, paint, shownAbove));
    } else totals.quietClean++;
  };
}

async function finish(
  format: string,
  condensed: boolean,
  totals: Totals,
  nagiosReports: TargetReport[],
  started: number,
  io: CliIo,
): Promise<number> {
  if (format === 'text' && condensed) {
    await write(
      io.stdout,
      `${totals.targets} targets checked; ${totals.quietClean} clean on every list (not shown)\n`,
    );
  }
  if (format === 'nagios') {
    const nagios = renderNagios(nagiosReports, performance.now() - started);
    await write(io.stdout, nagios.text);
    return nagios.status;
  }
  if (totals.listed > 0) return EXIT_PROBLEM;
  if (totals.problems > 0) return EXIT_USAGE;
  if (totals.queried > 0 && totals.answered === 0) return EXIT_UNDETERMINED;
  return EXIT_OK;
}

interface Batch {
  inputs: string[];
  done: boolean;
}

/** At least TARGET_BATCH targets (a chunk is never split), or the rest of the input. */
async function nextBatch(inputs: AsyncIterator<string[]>): Promise<Batch> {
  const batch: string[] = [];
  while (batch.length < TARGET_BATCH) {
    const next = await inputs.next();
    if (next.done) return { inputs: batch, done: true };
    for (const input of next.value) batch.push(input);
  }
  return { inputs: batch, done: false };
}

async function parseBatch(inputs: string[], values: Values, totals: Totals, io: CliIo): Promise<Target[]> {
  const { targets, problems } = parseTargets(inputs, { force: values.force === true });
  totals.problems += problems.length;
  for (const p of problems) await warn(io, SPEC.name, p.message);
  return targets;
}

function countTargets(targets: readonly Target[]): number {
  let n = 0;
  for (const t of targets) n += t.kind === 'cidr' ? Number(t.cidr.size) : 1;
  return n;
}
