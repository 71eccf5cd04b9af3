import { mkdirSync, readFileSync } from 'node:fs';
import { type CatalogEntry, selectZones } from '../check/index.js';
import { compilePolicy } from '../core/address-policy.js';
import { describeError, MxError } from '../core/errors.js';
import type { ProbeFn } from '../diagnose/index.js';
import type { Resolver } from '../dns/index.js';
import { createApp } from '../http/app.js';
import { DEFAULT_LISTEN, isLoopback, listen, parseListen } from '../http/listen.js';
import { loopbackHosts } from '../http/security.js';
import { loadToken } from '../http/token.js';
import { createTools } from '../http/tools.js';
import {
  configFromFlags,
  createMonitor,
  DEFAULT_DATA_DIR,
  type Monitor,
  type MonitorConfig,
  parseMonitorConfig,
} from '../monitor/index.js';
import { catalogFromFlags, resolverFromFlags, resolverOptionsFromFlags } from './dns-flags.js';
import { EXIT_OK } from './exit-codes.js';
import { CATALOG_FLAGS, COMMON_FLAGS, RESOLVER_FLAGS } from './flags.js';
import { type CommandSpec, type FlagValues, parseCommand, renderHelp } from './grammar.js';
import { type CliIo, write } from './io.js';
import { prefix, writeJsonLine } from './output.js';

/** Same as main.ts VERSION (shown in mxdoctor_build_info). */
const VERSION = '0.1.0';
/** A config file is a few hundred lines; anything this large is not one. */
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;
/** Deadline of each part of a diagnosis started from the dashboard or the API. */
const DIAGNOSE_PART_MS = 20_000;

export const SPEC = {
  name: 'serve',
  usage: '[options]',
  description: `Watches IPs, ranges and domains on the blocklists, remembers every change, alerts when
something changes, and serves a dashboard and a JSON API (docs/serve.md).
Reads are open to whoever reaches --listen; every other call needs Authorization: Bearer TOKEN
(MXDOCTOR_TOKEN, --token-file, or the token file created in --data on the first start).`,
  flags: [
    {
      name: 'listen',
      kind: 'string',
      arg: 'HOST:PORT',
      help: 'address of the dashboard and API',
      default: DEFAULT_LISTEN,
    },
    {
      name: 'data',
      kind: 'string',
      arg: 'DIR',
      help: 'folder of the store and the token file',
      default: DEFAULT_DATA_DIR,
    },
    { name: 'config', kind: 'string', arg: 'FILE', help: 'watch list, groups, alerts (YAML or TOML)' },
    {
      name: 'store',
      kind: 'string',
      arg: 'URL',
      help: 'PostgreSQL store postgres://USER@HOST/DB (default: SQLite in --data)',
    },
    {
      name: 'interval',
      kind: 'string',
      arg: 'DURATION',
      help: 'time between cycles without --config (e.g. 15m, 1h)',
    },
    {
      name: 'webhook',
      kind: 'string',
      multiple: true,
      arg: 'URL',
      help: 'JSON webhook for alerts, without --config',
    },
    {
      name: 'token-file',
      kind: 'string',
      arg: 'FILE',
      help: 'file holding the API token (else MXDOCTOR_TOKEN)',
    },
    ...RESOLVER_FLAGS,
    ...CATALOG_FLAGS,
    ...COMMON_FLAGS,
  ],
  exit: { ok: 'stopped by SIGINT or SIGTERM', problem: 'not used' },
} as const satisfies CommandSpec;

type Values = FlagValues<typeof SPEC.flags>;

async function loadConfig(values: Values, catalog: readonly CatalogEntry[]): Promise<MonitorConfig> {
  const zones = values.zones
    ?.split(',')
    .map((z) => z.trim())
    .filter(Boolean);
  if (values.config === undefined) {
    return configFromFlags({
      ...(values.interval !== undefined ? { interval: values.interval } : {}),
      ...(values.webhook !== undefined ? { webhooks: values.webhook } : {}),
      ...(zones ? { zones } : {}),
    });
  }
  for (const flag of ['interval', 'webhook', 'zones'] as const)
    if (values[flag] !== undefined)
      throw new MxError('usage', `--${flag} goes into the --config file when one is given`);
  let text: string;
  try {
    const bytes = readFileSync(values.config);
    if (bytes.length > MAX_CONFIG_BYTES) throw new MxError('input', `--config ${values.config}: too large`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof MxError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new MxError(
      'io',
      `--config ${values.config}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  // A zone the catalog lacks is named with its line in the file, not later without one.
  const zone = (name: string) => {
    try {
      selectZones(catalog, [name], { includeDead: true });
      return null;
    } catch (error) {
      return (error as Error).message.replace(/^--zones: /, '');
    }
  };
  return parseMonitorConfig(text, values.config, { zone });
}

/**
 * The PostgreSQL store of `--store URL` or the config's `store:` (one, not both) and the cycle
 * queue on the same database, else nothing (SQLite under --data). Loaded on use: a SQLite start never loads the PostgreSQL client. An
 * unreachable database or a refused login is an error naming it without the password.
 */
async function openStore(values: Values, config: MonitorConfig, log: (line: string) => void) {
  if (values.store !== undefined && config.store !== undefined)
    throw new MxError('usage', `--store and store: in ${values.config}: give one`);
  const url = values.store ?? config.store;
  if (url === undefined) return {};
  const [{ openPostgresStore }, { openCycleQueue }] = await Promise.all([
    import('../monitor/store-postgres.js'),
    import('../monitor/cycle-queue.js'),
  ]);
  const store = await openPostgresStore(url, { log });
  try {
    // Several serve processes on one database share the group cycles (docs/serve.md, Scaling out).
    return { store, cycleQueue: await openCycleQueue(url, log) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** The SMTP probe of a diagnosis, loaded on first use; each step's timeout stays under the part's deadline. */
function lazyProbe(resolver: Resolver): ProbeFn {
  const stepMs = Math.floor(DIAGNOSE_PART_MS / 3);
  return async (t) => {
    const { probeHost } = await import('../probe/index.js');
    return probeHost(
      { host: t.host, ip: t.ip, port: t.port },
      {
        resolver,
        connectTimeoutMs: Math.min(10_000, stepMs),
        greetingTimeoutMs: stepMs,
        commandTimeoutMs: stepMs,
        ...(t.domain ? { domain: t.domain } : {}),
      },
    );
  };
}

function toolCatalog(catalog: readonly CatalogEntry[], zones: string | undefined): readonly CatalogEntry[] {
  if (zones === undefined) return catalog;
  const wanted = new Set(zones.split(',').map((z) => z.trim().toLowerCase()));
  return catalog.filter((e) => wanted.has(e.zone.toLowerCase()));
}

/** Resolves on the first SIGINT or SIGTERM; a second one exits at once. */
function untilSignal(io: CliIo): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      io.stderr.write(`${prefix('serve')}${signal}: stopping (again to quit at once)\n`);
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(SPEC, argv);
  if (values.help) {
    await write(io.stdout, renderHelp(SPEC));
    return EXIT_OK;
  }
  if (positionals.length > 0)
    throw new MxError(
      'usage',
      `serve takes no arguments (got "${positionals[0]}"): targets go in --config or the API`,
    );
  const at = parseListen(values.listen);
  const catalog = await catalogFromFlags({ catalog: values.catalog });
  const config = await loadConfig(values, catalog);
  mkdirSync(values.data, { recursive: true, mode: 0o700 });
  const token = loadToken({ env: io.env.MXDOCTOR_TOKEN, file: values['token-file'], dataDir: values.data });
  const resolver = resolverFromFlags(values);
  const log = (line: string) => io.stderr.write(`${prefix('serve')}${line}\n`);
  // The cycles' DNS work runs on a worker thread with its own resolver: the API stays fast
  // during a cycle (docs/serve.md, HTTP benchmark).
  const checkWorker = { resolver: resolverOptionsFromFlags(values) };
  const shared = await openStore(values, config, log);
  const monitor = createMonitor({
    config,
    dataDir: values.data,
    resolver,
    catalog,
    log,
    checkWorker,
    ...shared,
  });
  const allow = [
    ...(config.allow.loopback ? ['loopback'] : []),
    ...(config.allow.private ? ['private'] : []),
  ];
  const tools = createTools({
    resolver,
    catalog: toolCatalog(catalog, values.zones),
    policy: compilePolicy({ allow }),
    probe: lazyProbe(resolver),
    smtpPort: 25,
    partTimeoutMs: DIAGNOSE_PART_MS,
  });
  // Filled once the port is known (--listen HOST:0 picks one); empty for a non-loopback listener.
  const allowedHosts = new Set<string>();
  const app = createApp({
    monitor,
    tools,
    auth: { token: token.token },
    version: VERSION,
    log,
    allowedHosts,
  });
  const server = await listen(app, at);
  if (isLoopback(at.host)) for (const h of loopbackHosts(at.host, server.address.port)) allowedHosts.add(h);
  monitor.start();
  const onHangup = () => void reloadWatchList(values, catalog, monitor, log);
  process.on('SIGHUP', onHangup);
  await announce(io, values.json === true, server.url, token, at.host);
  await untilSignal(io);
  process.removeListener('SIGHUP', onHangup);
  await server.close();
  await monitor.stop();
  resolver.close();
  return EXIT_OK;
}

/**
 * SIGHUP: the config file's watch list again (targets added, moved, renamed; those that left the
 * file no longer watched). A broken file is reported with its line and the old list kept.
 */
async function reloadWatchList(
  values: Values,
  catalog: readonly CatalogEntry[],
  monitor: Monitor,
  log: (line: string) => void,
): Promise<void> {
  if (values.config === undefined) {
    log('SIGHUP: no --config file to reload (targets come from the API)');
    return;
  }
  try {
    const result = await monitor.reloadTargets(await loadConfig(values, catalog));
    log(
      `SIGHUP: ${values.config} reloaded: ${result.added.length} added, ${result.updated.length} moved or renamed, ` +
        `${result.removed.length} no longer watched`,
    );
  } catch (error) {
    log(`SIGHUP: ${describeError(error)}; the watch list is unchanged`);
  }
}

async function announce(
  io: CliIo,
  json: boolean,
  url: string,
  token: ReturnType<typeof loadToken>,
  host: string,
): Promise<void> {
  if (json) {
    await writeJsonLine(io, { event: 'listening', url, token: token.where, tokenCreated: token.created });
    return;
  }
  const lines = [`mxdoctor serve: dashboard at ${url}`];
  lines.push(
    token.where === 'MXDOCTOR_TOKEN'
      ? 'API token: from MXDOCTOR_TOKEN'
      : `API token: in ${token.where}${token.created ? ' (created now, mode 0600)' : ''}`,
  );
  if (!isLoopback(host))
    lines.push(
      `note: listening on ${host}: anyone who reaches it can read the dashboard (changes need the token)`,
    );
  await write(io.stdout, `${lines.join('\n')}\n`);
}
