import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { assessZones } from '../check/assess.js';
import { checkTargets, EAGER_TXT_MAX_TARGETS } from '../check/check.js';
import type { TargetReport } from '../check/types.js';
import { MxError } from '../core/errors.js';
import { parseIntFlag } from '../core/limits.js';
import { parseTargets, splitTargetLines, type Target } from '../core/targets.js';
import {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_TIMEOUT_MS,
  MAX_IN_FLIGHT_LIMIT,
  MAX_TIMEOUT_MS,
} from '../dns/index.js';
import { renderNagios, renderNagiosBroken } from '../render/check-nagios.js';
import { renderRunHealth, runRecord } from '../render/check-run.js';
import { isNoteworthy, NO_COLOUR, renderCheckText } from '../render/check-text.js';
import { CATALOG_FLAG_OPTIONS, catalogFromFlags, DNS_FLAG_OPTIONS, resolverFromFlags } from './dns-flags.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED, EXIT_USAGE } from './exit-codes.js';
import { type CliIo, readStream, write } from './io.js';
import { createProgress } from './progress.js';

const HELP = `Usage: mxdoctor check [TARGET...] [-f FILE|-] [options]

Checks IPv4/IPv6 addresses, CIDR ranges and domains against DNS blocklists.
A domain is checked on the domain lists, and its A/AAAA addresses on the IP lists.

Options:
  -f, --file FILE        read targets from FILE (- for stdin): one a line, # comments
  --resolver HOST[:PORT] DNS resolver to use (repeatable; default: the system's)
  --timeout MS           per-query timeout, one retry follows (default 2000)
  --concurrency N        queries in flight per resolver (default: sized to the path, at most
                         ${DEFAULT_MAX_IN_FLIGHT}; given, it is kept whatever the path)
  --dns-client C         udp (default: our client) or node (node:dns, c-ares)
  --catalog FILE         use this JSON catalog instead of the built-in one
  --zones a,b            query only these zones
  --force                allow ranges larger than a /16
  --json                 one JSON object per target (one per line for several)
  --format F             text (default), json or nagios
  --no-txt               do not fetch the TXT reason of listings
  -h, --help             this help

Exit: 0 nothing listed, 1 listed somewhere, 2 bad usage or input, 3 every answer was an error.
`;

/** Above this many targets the text report lists only targets with something to show. */
const CONDENSE_ABOVE = 16;
const MAX_TARGET_FILE_BYTES = 64 * 1024 * 1024;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DNS_FLAG_OPTIONS,
      ...CATALOG_FLAG_OPTIONS,
      file: { type: 'string', short: 'f', multiple: true },
      concurrency: { type: 'string' },
      force: { type: 'boolean' },
      json: { type: 'boolean' },
      format: { type: 'string' },
      'no-txt': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_OK;
  }
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'nagios') {
    throw new MxError('usage', `--format must be text, json or nagios, got "${format}"`);
  }
  const inputs = await collectInputs(positionals, values.file ?? [], io);
  if (inputs.length === 0)
    throw new MxError('usage', 'check: give at least one target (IP, range or domain), or -f FILE');
  const { targets, problems } = parseTargets(inputs, { force: values.force === true });
  for (const p of problems) await write(io.stderr, `mxdoctor: ${p.message}\n`);
  if (targets.length === 0) return EXIT_USAGE;

  // --concurrency given: that many in flight, taken as asked; else the window adapts below the default.
  const maxInFlight =
    values.concurrency === undefined
      ? undefined
      : parseIntFlag('--concurrency', values.concurrency, DEFAULT_MAX_IN_FLIGHT, 1, MAX_IN_FLIGHT_LIMIT);
  const catalog = await catalogFromFlags(values);
  const resolver = resolverFromFlags(values, maxInFlight);
  const started = performance.now();
  const totals = { listed: 0, answered: 0, queried: 0, targets: 0, quietClean: 0 };
  const nagiosReports: TargetReport[] = [];
  const count = countTargets(targets);
  const condensed = count > CONDENSE_ABOVE;
  const progress = createProgress(io, count, format !== 'json' || condensed);
  const paint = io.stdout.isTTY && !io.env.NO_COLOR ? pc : NO_COLOUR;
  let shownAbove = new Set<string>();
  try {
    // Zone health and the resolver's verdict, once for the run and before any target: a
    // broken resolver stops here (exit 3) instead of burying its diagnosis under every target.
    const deadlineMs = parseIntFlag('--timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
    const run = await assessZones(catalog, resolver, { deadlineMs });
    if (format === 'json') await write(io.stdout, `${JSON.stringify(runRecord(run, count))}\n`);
    else if (format === 'text') {
      const header = renderRunHealth(run, count, paint);
      shownAbove = header.shown;
      await write(io.stdout, header.text);
    }
    if (run.resolver.verdict === 'broken') {
      if (format === 'nagios')
        await write(io.stdout, renderNagiosBroken(run.resolver.reason, performance.now() - started).text);
      return EXIT_UNDETERMINED;
    }
    const txt = values['no-txt'] !== true;
    const eagerTxt = count <= EAGER_TXT_MAX_TARGETS;
    const options = { resolver, catalog, txt, eagerTxt, health: run.health };
    for await (const report of checkTargets(targets, options)) {
      totals.targets++;
      totals.listed += report.summary.listed;
      totals.answered += report.summary.listed + report.summary.clean;
      totals.queried += report.results.length;
      progress.tick();
      if (format === 'json') {
        await write(io.stdout, `${JSON.stringify(report, null, count === 1 ? 2 : undefined)}\n`);
      } else if (format === 'nagios') {
        nagiosReports.push(report);
      } else if (!condensed || isNoteworthy(report)) {
        progress.clear();
        await write(io.stdout, renderCheckText(report, paint, shownAbove));
      } else {
        totals.quietClean++;
      }
    }
  } finally {
    progress.stop();
    resolver.close();
  }
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
  if (problems.length > 0) return EXIT_USAGE;
  if (totals.queried > 0 && totals.answered === 0) return EXIT_UNDETERMINED;
  return EXIT_OK;
}

function countTargets(targets: readonly Target[]): number {
  let n = 0;
  for (const t of targets) n += t.kind === 'cidr' ? Number(t.cidr.size) : 1;
  return n;
}

async function collectInputs(positionals: string[], files: string[], io: CliIo): Promise<string[]> {
  const inputs: string[] = [];
  const sources = [...files, ...positionals.filter((p) => p === '-')];
  for (const p of positionals) if (p !== '-') inputs.push(p);
  for (const source of sources) {
    let text: string;
    if (source === '-') {
      text = (await readStream(io.stdin, MAX_TARGET_FILE_BYTES)).toString('utf8');
    } else {
      try {
        text = await readFile(source, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        throw new MxError(
          'io',
          `${source}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
    }
    inputs.push(...splitTargetLines(text));
  }
  return inputs;
}
