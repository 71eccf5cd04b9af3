import { stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MxError } from '../core/errors.js';
import { parseTarget } from '../core/targets.js';
import {
  DIAGNOSE_DEFAULTS,
  type DiagnoseReport,
  diagnoseDomain,
  type ProbeFn,
  type ProgressEvent,
} from '../diagnose/index.js';
import type { Resolver } from '../dns/index.js';
import { PROBE_DEFAULTS } from '../probe/defaults.js';
import { renderDiagnoseHtml } from '../render/diagnose-html.js';
import { renderDiagnoseText } from '../render/diagnose-text.js';
import { catalogFromFlags, resolverFromFlags } from './dns-flags.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, RESOLVER_FLAGS } from './flags.js';
import { SMTP_PORT_FLAG, SMTP_TIMEOUT_HELP } from './flags-smtp.js';
import { type CommandSpec, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { paintFor, prefix, writeJsonLine } from './output.js';

const D = DIAGNOSE_DEFAULTS;
/** Each DNS part of the report gets this many DNS timeouts before it reads "unknown". */
const PART_TIMEOUTS = 10;
/** The SMTP part outlives the probe's own deadline by this much, so the probe's report arrives. */
const SMTP_PART_MARGIN_MS = 1_000;

export const SPEC = {
  name: 'diagnose',
  usage: 'DOMAIN|IP [options]',
  description: `One report for a mail domain (MX, reverse DNS, SPF, DMARC, MTA-STS/TLS-RPT, blocklists, SMTP)
or for one IP address (reverse DNS, blocklists, SMTP), with the three things to fix first.
Each DNS part of the report gets ${PART_TIMEOUTS} times --timeout before it reads "unknown".`,
  flags: [
    ...RESOLVER_FLAGS,
    ...CATALOG_FLAGS,
    SMTP_PORT_FLAG,
    {
      name: 'smtp-timeout',
      kind: 'int',
      arg: 'MS',
      help: SMTP_TIMEOUT_HELP,
      default: D.smtpTimeoutMs,
      min: 1,
      max: D.maxPartTimeoutMs - SMTP_PART_MARGIN_MS,
    },
    { name: 'no-smtp', kind: 'boolean', help: 'do not connect to the MX hosts' },
    { name: 'html', kind: 'string', arg: 'FILE', help: 'also write a self-contained HTML report to FILE' },
    ...COMMON_FLAGS,
  ],
  exit: {
    ok: 'no problem found',
    problem: 'a problem found',
    undetermined: 'nothing could be determined',
  },
} as const satisfies CommandSpec;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new MxError('usage', 'give exactly one domain or IP address');
  const target = parseTarget(positionals[0]!);
  if (target.kind === 'cidr')
    throw new MxError('usage', `${target.input} is a range; give one domain or IP address`);
  const smtpTimeoutMs = values['smtp-timeout'];
  // A report path that cannot be written fails now, not after a minute of diagnosis.
  if (values.html !== undefined) await checkHtmlPath(values.html);
  const catalog = await catalogFromFlags(values);
  const resolver = resolverFromFlags(values);
  const started = performance.now();
  let report: DiagnoseReport;
  try {
    const probe = values['no-smtp'] ? undefined : await loadProbe(resolver, smtpTimeoutMs);
    await write(io.stderr, `${prefix(SPEC.name)}diagnosing ${positionals[0]} ...\n`);
    report = await diagnoseDomain(target, {
      resolver,
      catalog,
      smtpPort: values['smtp-port'],
      smtpTimeoutMs: smtpTimeoutMs + SMTP_PART_MARGIN_MS,
      partTimeoutMs: Math.min(D.maxPartTimeoutMs, values.timeout * PART_TIMEOUTS),
      onProgress: (event) => progressLine(io, event, started),
      ...(probe ? { probe } : {}),
    });
  } finally {
    resolver.close();
  }
  if (values.html !== undefined) await writeHtml(values.html, report);
  if (values.json) await writeJsonLine(io, report);
  else await write(io.stdout, renderDiagnoseText(report, paintFor(io)));
  return exitStatus(report);
}

/** 1 when a problem was found; 3 when nothing at all could be determined; else 0. */
function exitStatus(report: DiagnoseReport): number {
  // A resolver that does not work leaves everything undetermined, whatever its item says.
  if (report.resolver.verdict === 'broken') return EXIT_UNDETERMINED;
  if (report.summary.problem > 0) return EXIT_PROBLEM;
  const determined = report.summary.ok + report.summary.warning;
  return determined === 0 ? EXIT_UNDETERMINED : EXIT_OK;
}

function progressLine(io: CliIo, event: ProgressEvent, started: number): void {
  if (event.state === 'start') return;
  const at = ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  const detail = event.state === 'done' ? `done (${event.ms} ms)` : `${event.state}: ${event.reason ?? ''}`;
  io.stderr.write(`[${at}s] ${event.part}: ${detail}\n`);
}

async function checkHtmlPath(path: string): Promise<void> {
  const folder = dirname(path);
  const found = await stat(folder).catch(() => null);
  if (!found?.isDirectory()) throw new MxError('io', `--html ${path}: the folder ${folder} does not exist`);
}

async function writeHtml(path: string, report: DiagnoseReport): Promise<void> {
  try {
    await writeFile(path, renderDiagnoseHtml(report), 'utf8');
  } catch (error) {
    throw new MxError('io', `--html ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The SMTP probe (src/probe), loaded only when SMTP is wanted. Random recipients go to the
 * domain being diagnosed; the whole probe of one server ends by --smtp-timeout.
 */
async function loadProbe(resolver: Resolver, smtpTimeoutMs: number): Promise<ProbeFn> {
  const { probeHost } = await import('../probe/index.js');
  const step = (ms: number) => Math.min(ms, smtpTimeoutMs);
  return (t) =>
    probeHost(
      { host: t.host, ip: t.ip, port: t.port },
      {
        resolver,
        sessionDeadlineMs: smtpTimeoutMs,
        connectTimeoutMs: step(PROBE_DEFAULTS.connectTimeoutMs),
        greetingTimeoutMs: step(PROBE_DEFAULTS.greetingTimeoutMs),
        commandTimeoutMs: step(PROBE_DEFAULTS.commandTimeoutMs),
        ...(t.domain ? { domain: t.domain } : {}),
      },
    );
}
