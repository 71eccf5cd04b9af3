import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { MxError } from '../core/errors.js';
import { parseIntFlag } from '../core/limits.js';
import { parseTarget } from '../core/targets.js';
import { MAX_PART_TIMEOUT_MS } from '../diagnose/diagnose.js';
import { type DiagnoseReport, diagnose, type ProbeFn, type ProgressEvent } from '../diagnose/index.js';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS } from '../dns/index.js';
import type { Resolver } from '../dns/types.js';
import { NO_COLOUR } from '../render/check-text.js';
import { renderDiagnoseHtml } from '../render/diagnose-html.js';
import { renderDiagnoseText } from '../render/diagnose-text.js';
import { CATALOG_FLAG_OPTIONS, catalogFromFlags, DNS_FLAG_OPTIONS, resolverFromFlags } from './dns-flags.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED } from './exit-codes.js';
import { type CliIo, write } from './io.js';

const HELP = `Usage: mxdoctor diagnose <domain|ip> [options]

One report for a mail domain (MX, reverse DNS, SPF, DMARC, MTA-STS/TLS-RPT, blocklists, SMTP)
or for one IP address (reverse DNS, blocklists, SMTP), with the three things to fix first.

Options:
  --resolver HOST[:PORT] DNS resolver to use (repeatable; default: the system's)
  --timeout MS           per-query DNS timeout, one retry follows (default ${DEFAULT_TIMEOUT_MS});
                         each part of the report gets 10 times this before it reads "unknown"
  --catalog FILE         blocklist catalog (JSON) instead of the built-in one
  --zones a,b            query only these blocklist zones
  --smtp-port N          port of the MX hosts' SMTP service (default 25)
  --smtp-timeout MS      deadline of each SMTP probe (default 60000)
  --no-smtp              do not connect to the MX hosts
  --json                 one JSON document on stdout (target, items[], nested check/probe results)
  --html FILE            also write a self-contained HTML report to FILE
  -h, --help             this help

Exit: 0 no problem found, 1 a problem found, 2 bad usage, 3 nothing could be determined.
`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...DNS_FLAG_OPTIONS,
      ...CATALOG_FLAG_OPTIONS,
      'smtp-port': { type: 'string' },
      'smtp-timeout': { type: 'string' },
      'no-smtp': { type: 'boolean' },
      json: { type: 'boolean' },
      html: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new MxError('usage', 'diagnose: give exactly one domain or IP address');
  const target = parseTarget(positionals[0]!);
  if (target.kind === 'cidr')
    throw new MxError('usage', `diagnose: ${target.input} is a range; give one domain or IP address`);
  const timeoutMs = parseIntFlag('--timeout', values.timeout, DEFAULT_TIMEOUT_MS, 1, MAX_TIMEOUT_MS);
  const smtpPort = parseIntFlag('--smtp-port', values['smtp-port'], 25, 1, 65535);
  const smtpTimeoutMs = parseIntFlag(
    '--smtp-timeout',
    values['smtp-timeout'],
    60_000,
    1,
    MAX_PART_TIMEOUT_MS,
  );
  const catalog = await catalogFromFlags(values);
  const resolver = resolverFromFlags(values);
  const probe = values['no-smtp'] ? undefined : await loadProbe(resolver, smtpTimeoutMs);
  const started = performance.now();
  await write(io.stderr, `mxdoctor: diagnosing ${positionals[0]} ...\n`);
  let report: DiagnoseReport;
  try {
    report = await diagnose(target, {
      resolver,
      catalog,
      smtpPort,
      smtpTimeoutMs,
      partTimeoutMs: Math.min(MAX_PART_TIMEOUT_MS, timeoutMs * 10),
      onProgress: (event) => progressLine(io, event, started),
      ...(probe ? { probe } : {}),
    });
  } finally {
    resolver.close();
  }
  if (values.html !== undefined) await writeHtml(values.html, report);
  const paint = io.stdout.isTTY && !io.env.NO_COLOR ? pc : NO_COLOUR;
  await write(
    io.stdout,
    values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDiagnoseText(report, paint),
  );
  return exitStatus(report);
}

/** 1 when a problem was found; 3 when nothing at all could be determined; else 0. */
export function exitStatus(report: DiagnoseReport): number {
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

async function writeHtml(path: string, report: DiagnoseReport): Promise<void> {
  try {
    await writeFile(path, renderDiagnoseHtml(report), 'utf8');
  } catch (error) {
    throw new MxError('io', `--html ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The SMTP probe (src/probe), loaded only when SMTP is wanted. Random recipients go to the
 * domain being diagnosed; each probe's own timeouts stay under the part's deadline.
 */
async function loadProbe(resolver: Resolver, smtpTimeoutMs: number): Promise<ProbeFn> {
  const { probeHost } = await import('../probe/index.js');
  const stepMs = Math.max(1, Math.min(30_000, Math.floor(smtpTimeoutMs / 3)));
  return (t) =>
    probeHost(
      { host: t.host, ip: t.ip, port: t.port },
      {
        resolver,
        connectTimeoutMs: Math.min(10_000, stepMs),
        greetingTimeoutMs: stepMs,
        commandTimeoutMs: stepMs,
        ...(t.domain ? { domain: t.domain } : {}),
      },
    );
}
