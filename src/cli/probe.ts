import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { normaliseDomain } from '../core/domain.js';
import { MxError } from '../core/errors.js';
import { parseIntFlag } from '../core/limits.js';
import type { Resolver } from '../dns/types.js';
// Static, so the bundle puts the probe in this command's chunk: each chained dynamic import
// is another round of resolve, read and compile, and start-up is most of a single probe's time.
import { connectTcp } from '../probe/net-connector.js';
import { probeHost } from '../probe/probe.js';
import { renderProbeText } from '../probe/render-text.js';
import { probeExitStatus } from '../probe/status.js';
import type { ProbeOptions, ProbeReport } from '../probe/types.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED } from './exit-codes.js';
import { type CliIo, readStream, write } from './io.js';

const HELP = `Usage: mxdoctor probe [HOST[:PORT]...] [--mx DOMAIN] [-f FILE|-] [options]

Probes SMTP servers YOU ADMINISTER: greeting, EHLO, STARTTLS and certificate, whether unknown
recipients are rejected (backscatter), whether it relays for strangers, whether it blocks us
at connect, VRFY/EXPN exposure, the MTA and its fix. Sends at most 4 RCPTs, never DATA.

Options:
  --mx DOMAIN            probe every MX of DOMAIN in preference order (repeatable)
  -f, --file FILE        read targets from FILE (- for stdin): one a line, # comments
  --port N               SMTP port (default 25)
  --domain DOMAIN        domain of the random recipients (default: from the host name/greeting)
  --from ADDR            envelope sender (default: the null sender <>)
  --valid-rcpt ADDR      a known-good mailbox to compare with (default: postmaster@DOMAIN)
  --relay-domain DOMAIN  recipient domain for the relay test (default: relay-test.mxdoctor.invalid)
  --helo NAME            EHLO name (default: this host's name when fully qualified)
  --no-tls               do not try STARTTLS
  --timeout MS           per-command timeout (default 30000)
  --connect-timeout MS   TCP connect timeout (default 10000)
  --greeting-timeout MS  wait for the greeting (default 30000)
  --concurrency N        servers probed at once (default 8, at most 100)
  --resolver HOST[:PORT] DNS resolver for names and --mx (repeatable; default: the system's)
  --json                 one JSON object per server (one per line for several)
  -v, --transcript       print the SMTP transcript (client lines marked ">")
  -h, --help             this help

Exit: 0 no problem found, 1 a problem (accepts unknown recipients, open relay, blocked),
2 bad usage or input, 3 could not connect or no verdict.
`;

const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 100;
const MAX_TARGET_FILE_BYTES = 4 * 1024 * 1024;
/** Stops: a target list turning the probe into a bulk callout engine against third parties. */
const MAX_TARGETS = 10_000;

interface ProbeJob {
  host: string;
  port: number;
  domain?: string;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      mx: { type: 'string', multiple: true },
      file: { type: 'string', short: 'f', multiple: true },
      port: { type: 'string' },
      domain: { type: 'string' },
      from: { type: 'string' },
      'valid-rcpt': { type: 'string' },
      'relay-domain': { type: 'string' },
      helo: { type: 'string' },
      'no-tls': { type: 'boolean' },
      timeout: { type: 'string' },
      'connect-timeout': { type: 'string' },
      'greeting-timeout': { type: 'string' },
      concurrency: { type: 'string' },
      resolver: { type: 'string', multiple: true },
      'dns-client': { type: 'string' },
      json: { type: 'boolean' },
      transcript: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await write(io.stdout, HELP);
    return EXIT_OK;
  }
  const port = parseIntFlag('--port', values.port, 25, 1, 65535);
  const concurrency = parseIntFlag(
    '--concurrency',
    values.concurrency,
    DEFAULT_CONCURRENCY,
    1,
    MAX_CONCURRENCY,
  );
  const inputs = await collectInputs(positionals, values.file ?? [], io);
  if (inputs.length === 0 && !values.mx?.length)
    throw new MxError('usage', 'probe: give at least one host, --mx DOMAIN, or -f FILE');
  const jobs = inputs.map((input) => parseHostTarget(input, port));
  let resolver: Resolver | null = null;
  const needsDns = (values.mx?.length ?? 0) > 0 || jobs.some((j) => isIP(j.host) === 0);
  if (needsDns) {
    const { resolverFromFlags } = await import('./dns-flags.js');
    resolver = resolverFromFlags({ resolver: values.resolver, 'dns-client': values['dns-client'] });
  }
  try {
    for (const domain of values.mx ?? []) jobs.push(...(await mxJobs(domain, port, resolver!, io)));
    if (jobs.length === 0) return EXIT_UNDETERMINED;
    if (jobs.length > MAX_TARGETS)
      throw new MxError('usage', `probe: at most ${MAX_TARGETS} servers per run`);
    const base = baseOptions(values, resolver);
    return await probeAll(jobs, base, concurrency, values.json === true, values.transcript === true, io);
  } finally {
    resolver?.close();
  }
}

function baseOptions(values: Record<string, unknown>, resolver: Resolver | null): ProbeOptions {
  const o: ProbeOptions = { tls: values['no-tls'] !== true };
  if (resolver) o.resolver = resolver;
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  if (str('from') !== undefined) o.from = str('from') === '<>' ? '' : str('from')!.replace(/^<|>$/g, '');
  if (str('domain') !== undefined) o.domain = str('domain')!;
  if (str('valid-rcpt') !== undefined) o.validRcpt = str('valid-rcpt')!;
  if (str('relay-domain') !== undefined) o.relayDomain = str('relay-domain')!;
  const own = hostname();
  o.helo = str('helo') ?? (own.includes('.') ? own : 'mxdoctor-probe.invalid');
  o.commandTimeoutMs = parseIntFlag('--timeout', str('timeout'), 30_000, 1, 300_000);
  o.connectTimeoutMs = parseIntFlag('--connect-timeout', str('connect-timeout'), 10_000, 1, 300_000);
  o.greetingTimeoutMs = parseIntFlag('--greeting-timeout', str('greeting-timeout'), 30_000, 1, 300_000);
  return o;
}

/** HOST, HOST:PORT, IPv4, [IPv6] or [IPv6]:PORT. */
export function parseHostTarget(input: string, defaultPort: number): ProbeJob {
  const text = input.trim();
  let host = text;
  let port = defaultPort;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const colon = /^([^:]+):(\d+)$/.exec(text);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else if (colon) {
    host = colon[1]!;
    port = Number(colon[2]);
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new MxError('input', `${text}: bad port`);
  // node:net's isIP, not core/ip: ipaddr.js would add ~15 ms to every probe's start-up.
  if (isIP(host)) return { host: host.toLowerCase(), port };
  const name = normaliseDomain(host);
  if (!name) throw new MxError('input', `${text}: not a host name or IP address`);
  return { host: name, port };
}

export async function mxJobs(
  domainInput: string,
  port: number,
  resolver: Resolver,
  io: CliIo,
): Promise<ProbeJob[]> {
  const domain = normaliseDomain(domainInput);
  if (!domain) throw new MxError('input', `--mx ${domainInput}: not a domain`);
  const outcome = await resolver.query(domain, 'MX');
  if (outcome.status !== 'answer') {
    await write(io.stderr, `mxdoctor: ${domain}: no MX records (${outcome.status})\n`);
    return [];
  }
  return [...outcome.records]
    .sort((a, b) => a.preference - b.preference)
    .filter((r) => r.exchange !== '' && r.exchange !== '.')
    .map((r) => ({ host: r.exchange.replace(/\.$/, '').toLowerCase(), port, domain }));
}

async function probeAll(
  jobs: ProbeJob[],
  base: ProbeOptions,
  concurrency: number,
  json: boolean,
  transcript: boolean,
  io: CliIo,
): Promise<number> {
  const options: ProbeOptions = { connect: connectTcp, ...base };
  const results: (ProbeReport | undefined)[] = new Array(jobs.length);
  const statuses = new Set<string>();
  let printed = 0;
  let next = 0;
  const flush = async () => {
    while (printed < jobs.length && results[printed]) {
      const r = results[printed]!;
      const text = !json
        ? renderProbeText(r, { transcript })
        : `${JSON.stringify(r, null, jobs.length === 1 ? 2 : undefined)}\n`;
      results[printed] = undefined;
      printed++;
      await write(io.stdout, text);
    }
  };
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const job = jobs[i]!;
      const report = await probeHost(
        { host: job.host, port: job.port },
        job.domain ? { ...options, domain: job.domain } : options,
      );
      statuses.add(probeExitStatus(report));
      results[i] = report;
      await flush();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
  if (statuses.has('problem')) return EXIT_PROBLEM;
  if (statuses.has('undetermined')) return EXIT_UNDETERMINED;
  return EXIT_OK;
}

async function collectInputs(positionals: string[], files: string[], io: CliIo): Promise<string[]> {
  const inputs = positionals.filter((p) => p !== '-');
  const sources = [...files, ...positionals.filter((p) => p === '-')];
  for (const source of sources) {
    let text: string;
    if (source === '-') text = (await readStream(io.stdin, MAX_TARGET_FILE_BYTES)).toString('utf8');
    else {
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
    const { splitTargetLines } = await import('../core/targets.js');
    inputs.push(...splitTargetLines(text));
  }
  return inputs;
}
