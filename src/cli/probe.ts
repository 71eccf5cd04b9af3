import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { normaliseDomain } from '../core/domain.js';
import { MxError } from '../core/errors.js';
import type { Resolver } from '../dns/index.js';
// Static, so the bundle puts the probe in this command's chunk: each chained dynamic import is
// another round of resolve, read and compile, and start-up is most of a single probe's time.
import {
  connectTcp,
  type HostTarget,
  lookupMxHosts,
  PROBE_DEFAULTS,
  type ProbeHostsOptions,
  type ProbeStatus,
  probeExitStatus,
  probeHosts,
  renderProbeText,
} from '../probe/index.js';
import type { Paint } from '../render/check-text.js';
import { EXIT_OK, EXIT_PROBLEM, EXIT_UNDETERMINED } from './exit-codes.js';
import { COMMON_FLAGS, FILE_FLAG, RESOLVER_FLAGS } from './flags.js';
import { SMTP_PORT_FLAG, SMTP_TIMEOUT_HELP } from './flags-smtp.js';
import { type CommandSpec, type FlagValues, parseCommand, renderHelp } from './grammar.js';
import { readTargets } from './inputs.js';
import { type CliIo, write } from './io.js';
import { paintFor, warn, writeJsonLine } from './output.js';

const D = PROBE_DEFAULTS;
const stepFlag = <N extends string>(name: N, help: string, def: number) =>
  ({ name, kind: 'int', arg: 'MS', help, default: def, min: 1, max: D.maxTimeoutMs }) as const;

export const SPEC = {
  name: 'probe',
  usage: '[HOST[:PORT]...] [--mx DOMAIN] [-f FILE|-] [options]',
  description: `Probes SMTP servers YOU ADMINISTER: greeting, EHLO, STARTTLS and certificate, whether unknown
recipients are rejected (backscatter), whether it relays for strangers, whether it blocks us
at connect, VRFY/EXPN exposure, the MTA and its fix. Sends at most 4 RCPTs, never DATA.`,
  flags: [
    {
      name: 'mx',
      kind: 'string',
      multiple: true,
      arg: 'DOMAIN',
      help: 'probe every MX of DOMAIN in preference order',
    },
    FILE_FLAG,
    SMTP_PORT_FLAG,
    {
      name: 'domain',
      kind: 'string',
      arg: 'DOMAIN',
      help: 'domain of the random recipients (default: from the host name)',
    },
    { name: 'from', kind: 'string', arg: 'ADDR', help: 'envelope sender (default: the null sender <>)' },
    {
      name: 'valid-rcpt',
      kind: 'string',
      arg: 'ADDR',
      help: 'a known-good mailbox to compare with (default: postmaster@DOMAIN)',
    },
    {
      name: 'relay-domain',
      kind: 'string',
      arg: 'DOMAIN',
      help: 'recipient domain of the relay test',
      default: D.relayDomain,
    },
    {
      name: 'helo',
      kind: 'string',
      arg: 'NAME',
      help: "EHLO name (default: this host's name when fully qualified)",
    },
    { name: 'source', kind: 'string', arg: 'ADDR', help: 'local address to connect from' },
    { name: 'no-tls', kind: 'boolean', help: 'do not try STARTTLS' },
    {
      name: 'smtp-timeout',
      kind: 'int',
      arg: 'MS',
      help: SMTP_TIMEOUT_HELP,
      default: D.sessionDeadlineMs,
      min: 1,
      max: D.maxSessionDeadlineMs,
    },
    stepFlag('connect-timeout', 'TCP connect timeout', D.connectTimeoutMs),
    stepFlag('greeting-timeout', 'wait for the greeting', D.greetingTimeoutMs),
    stepFlag('command-timeout', "wait for each command's reply", D.commandTimeoutMs),
    {
      name: 'parallel',
      kind: 'int',
      arg: 'N',
      help: 'servers probed at once',
      default: D.concurrency,
      min: 1,
      max: D.maxConcurrency,
    },
    ...RESOLVER_FLAGS,
    { name: 'transcript', kind: 'boolean', help: 'print the SMTP transcript (also with --verbose)' },
    ...COMMON_FLAGS,
  ],
  exit: {
    ok: 'no problem found',
    problem: 'a problem (accepts unknown recipients, open relay, blocked)',
    undetermined: 'could not connect or no verdict',
  },
} as const satisfies CommandSpec;

type Values = FlagValues<typeof SPEC.flags>;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  const files = values.file ?? [];
  const mx = values.mx ?? [];
  if (positionals.length === 0 && files.length === 0 && mx.length === 0)
    throw new MxError('usage', 'give at least one host, --mx DOMAIN, or -f FILE');
  // A resolver only when a name may need one: a single probe of an IP skips loading the DNS stack.
  const needsDns =
    mx.length > 0 || files.length > 0 || positionals.some((p) => p === '-' || isIP(hostOf(p)) === 0);
  let resolver: Resolver | null = null;
  if (needsDns) resolver = (await import('./dns-flags.js')).resolverFromFlags(values);
  try {
    const targets = hostTargets(positionals, files, mx, values['smtp-port'], resolver, io);
    return await probeAll(targets, probeOptions(values, resolver), values, io);
  } finally {
    resolver?.close();
  }
}

function probeOptions(values: Values, resolver: Resolver | null): ProbeHostsOptions {
  const own = hostname();
  const o: ProbeHostsOptions = {
    connect: connectTcp,
    tls: values['no-tls'] !== true,
    helo: values.helo ?? (own.includes('.') ? own : D.helo),
    relayDomain: values['relay-domain'],
    sessionDeadlineMs: values['smtp-timeout'],
    connectTimeoutMs: values['connect-timeout'],
    greetingTimeoutMs: values['greeting-timeout'],
    commandTimeoutMs: values['command-timeout'],
    concurrency: values.parallel,
    port: values['smtp-port'],
  };
  if (resolver) o.resolver = resolver;
  if (values.from !== undefined) o.from = values.from === '<>' ? '' : values.from.replace(/^<|>$/g, '');
  if (values.domain !== undefined) o.domain = values.domain;
  if (values['valid-rcpt'] !== undefined) o.validRcpt = values['valid-rcpt'];
  if (values.source !== undefined) o.source = values.source;
  return o;
}

async function probeAll(
  targets: AsyncIterable<HostTarget>,
  options: ProbeHostsOptions,
  values: Values,
  io: CliIo,
): Promise<number> {
  const statuses = new Set<ProbeStatus>();
  let probed = 0;
  const transcript = values.transcript === true || values.verbose === true;
  const paint = paintFor(io);
  for await (const report of probeHosts(targets, options)) {
    probed++;
    statuses.add(probeExitStatus(report));
    if (values.json) await writeJsonLine(io, report);
    else await write(io.stdout, paintVerdicts(renderProbeText(report, { transcript }), paint));
  }
  if (statuses.has('problem')) return EXIT_PROBLEM;
  if (statuses.has('undetermined') || probed === 0) return EXIT_UNDETERMINED;
  return EXIT_OK;
}

/** The verdict rows whose word is a problem, and how it is coloured (the renderer writes plain text). */
const VERDICT_ROW =
  /^( {2}(?:unknown recipient|second unknown|open relay|blocked at connect) +)(ACCEPTS|OPEN|YES|REJECTS|REFUSED|no)\b/gm;

/**
 * Colours the verdict word at the start of a verdict row: red for a problem, green for a pass.
 * Only our own labels and verdict words are matched (a server's text comes after them).
 */
function paintVerdicts(text: string, paint: Paint): string {
  if (paint.red('x') === 'x') return text;
  return text.replace(
    VERDICT_ROW,
    (_, label: string, word: string) =>
      label +
      (word === 'REJECTS' || word === 'REFUSED' || word === 'no' ? paint.green(word) : paint.red(word)),
  );
}

/** Hosts from the arguments and -f files (read as they are probed), then each --mx domain's hosts. */
async function* hostTargets(
  positionals: readonly string[],
  files: readonly string[],
  mx: readonly string[],
  port: number,
  resolver: Resolver | null,
  io: CliIo,
): AsyncGenerator<HostTarget> {
  for await (const inputs of readTargets(positionals, files, io))
    for (const input of inputs) yield parseHostTarget(input, port);
  for (const domain of mx) {
    if (!normaliseDomain(domain)) throw new MxError('input', `--mx ${domain}: not a domain`);
    const found = await lookupMxHosts(domain, resolver!);
    if (found.hosts.length === 0)
      await warn(io, SPEC.name, `${found.domain}: no MX records (${found.status})`);
    yield* found.hosts;
  }
}

function hostOf(input: string): string {
  const bracket = /^\[([^\]]+)\]/.exec(input);
  if (bracket) return bracket[1]!;
  const colon = /^([^:]+):\d+$/.exec(input);
  return colon ? colon[1]! : input;
}

/** HOST, HOST:PORT, IPv4, [IPv6] or [IPv6]:PORT. */
export function parseHostTarget(input: string, defaultPort: number): HostTarget {
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
