/**
 * `--config FILE` (YAML or TOML) and the quick start from flags, both validated into one
 * MonitorConfig. Errors name the file, the LINE and the key: "serve.yaml:7: groups[0].interval:
 * "15x" is not a duration". Pure: the CLI reads the file and passes its text.
 */

import { MxError } from '../core/errors.js';
import { parseTarget } from '../core/targets.js';
import { readToml, readYaml } from './config-read.js';
import schemaJson from './config-schema.json' with { type: 'json' };
import { canonicalTarget } from './config-sync.js';
import { requireDuration } from './duration.js';
import { formatPath, type Path, type Schema, validateSchema } from './schema.js';
import { checkPostgresUrl } from './store-postgres-url.js';
import type { AlertChannelConfig, GroupConfig, MonitorConfig } from './types.js';

export const DEFAULT_INTERVAL = '1h';
/** A cycle more often than this would query lists faster than any of them updates. */
export const MIN_INTERVAL_MS = 10_000;
export const MAX_INTERVAL_MS = 7 * 86_400_000;
export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_JITTER = 0.1;
export const DEFAULT_GROUP = 'default';

const schema = schemaJson as Schema;

type RawConfig = {
  interval?: string;
  zones?: string[];
  jitter?: number;
  retention?: string;
  digest?: string;
  budgets?: Record<string, number>;
  allow?: { loopback?: boolean; private?: boolean };
  smtpPort?: number;
  store?: string;
  groups?: {
    name: string;
    interval?: string;
    zones?: string[];
    records?: boolean;
    smtp?: boolean;
    targets: (string | { target: string; name?: string })[];
  }[];
  alerts?: {
    type: AlertChannelConfig['kind'];
    url?: string;
    from?: string;
    to?: string[];
    smtp?: { host: string; port?: number; secure?: boolean; user?: string; pass?: string };
  }[];
};

/** Parses and validates a config file's text; the format follows the extension (.toml, else YAML). */
/** Checks that need more than the file (the catalog): each returns a problem, or null. */
export interface ConfigChecks {
  /** One zone of a selection (a group's `zones` or the top-level one): not in the catalog, say. */
  zone?: (zone: string) => string | null;
}

export function parseMonitorConfig(text: string, fileName: string, checks: ConfigChecks = {}): MonitorConfig {
  const toml = fileName.toLowerCase().endsWith('.toml');
  const { value, lineOf } = toml ? readToml(text, fileName) : readYaml(text, fileName);
  const fail = (path: Path, message: string): never => {
    throw new MxError('config', `${fileName}:${lineOf(path)}: ${formatPath(path)}: ${message}`);
  };
  const problems = validateSchema(schema, value ?? {});
  if (problems.length > 0) fail(problems[0]!.path, problems[0]!.message);
  const raw = (value ?? {}) as RawConfig;
  if (checks.zone) {
    const selections: [Path, string[] | undefined][] = [
      [['zones'], raw.zones],
      ...(raw.groups ?? []).map((g, i): [Path, string[] | undefined] => [['groups', i, 'zones'], g.zones]),
    ];
    for (const [path, zones] of selections) {
      for (const [j, zone] of (zones ?? []).entries()) {
        const problem = checks.zone(zone);
        if (problem !== null) fail([...path, j], problem);
      }
    }
    // A misspelt zone under budgets would silently leave the real one on its default limit.
    for (const zone of Object.keys(raw.budgets ?? {})) {
      const problem = checks.zone(zone);
      if (problem !== null) fail(['budgets', zone], problem);
    }
  }
  return buildConfig(raw, fail);
}

/** The quick start: `serve --interval 15m --webhook URL --zones a,b` without a config file. */
export function configFromFlags(flags: {
  interval?: string;
  webhooks?: string[];
  zones?: string[];
}): MonitorConfig {
  const raw: RawConfig = {
    interval: flags.interval ?? DEFAULT_INTERVAL,
    groups: [],
    alerts: (flags.webhooks ?? []).map((url) => ({ type: 'webhook' as const, url })),
  };
  if (flags.zones) raw.zones = flags.zones;
  return buildConfig(raw, (path, message) => {
    throw new MxError('usage', `${path[0] === 'alerts' ? '--webhook' : `--${String(path[0])}`}: ${message}`);
  });
}

function buildConfig(raw: RawConfig, fail: (path: Path, message: string) => never): MonitorConfig {
  const duration = (path: Path, text: string, min: number, max: number) => {
    try {
      return requireDuration(formatPath(path), text, min, max);
    } catch (error) {
      return fail(path, (error as Error).message.replace(/^[^:]+: /, ''));
    }
  };
  const defaultInterval = duration(
    ['interval'],
    raw.interval ?? DEFAULT_INTERVAL,
    MIN_INTERVAL_MS,
    MAX_INTERVAL_MS,
  );
  const seen = new Map<string, string>();
  const groups: GroupConfig[] = (raw.groups ?? []).map((g, i) => {
    const targets: string[] = [];
    const names: Record<string, string> = {};
    for (const [j, entry] of g.targets.entries()) {
      const text = typeof entry === 'string' ? entry : entry.target;
      const path: Path =
        typeof entry === 'string' ? ['groups', i, 'targets', j] : ['groups', i, 'targets', j, 'target'];
      let target: string;
      try {
        target = canonicalTarget(parseTarget(text));
      } catch (error) {
        return fail(path, (error as Error).message);
      }
      // A target in two places would have two groups and two names: say so instead of picking one.
      const where = seen.get(target);
      if (where !== undefined) fail(path, `${text} is already watched (${where})`);
      seen.set(target, formatPath(path));
      targets.push(text);
      if (typeof entry !== 'string' && entry.name !== undefined) names[text] = entry.name.trim();
    }
    const group: GroupConfig = {
      name: g.name,
      intervalMs: g.interval
        ? duration(['groups', i, 'interval'], g.interval, MIN_INTERVAL_MS, MAX_INTERVAL_MS)
        : defaultInterval,
      zones: g.zones ?? raw.zones ?? null,
      targets,
      records: g.records ?? false,
      smtp: g.smtp ?? false,
    };
    if (Object.keys(names).length > 0) group.names = names;
    return group;
  });
  const names = new Set<string>();
  for (const [i, g] of groups.entries()) {
    if (names.has(g.name)) fail(['groups', i, 'name'], `group "${g.name}" is defined twice`);
    names.add(g.name);
  }
  if (!names.has(DEFAULT_GROUP)) {
    groups.push({
      name: DEFAULT_GROUP,
      intervalMs: defaultInterval,
      zones: raw.zones ?? null,
      targets: [],
      records: false,
    });
  }
  const digestMs = raw.digest ? duration(['digest'], raw.digest, 3_600_000, 86_400_000) : null;
  const retentionMs = raw.retention
    ? duration(['retention'], raw.retention, 86_400_000, 3650 * 86_400_000)
    : null;
  if (raw.store !== undefined) {
    try {
      checkPostgresUrl(raw.store);
    } catch (error) {
      fail(['store'], (error as Error).message);
    }
  }
  return {
    ...(raw.store !== undefined ? { store: raw.store } : {}),
    groups,
    alerts: (raw.alerts ?? []).map((a, i) => buildAlert(a, i, fail)),
    retentionDays: retentionMs === null ? DEFAULT_RETENTION_DAYS : retentionMs / 86_400_000,
    // Not rounded: "90m" is an hour and a half, not two hours.
    digestHours: digestMs === null ? null : digestMs / 3_600_000,
    budgets: raw.budgets ?? {},
    jitter: raw.jitter ?? DEFAULT_JITTER,
    allow: { loopback: raw.allow?.loopback ?? false, private: raw.allow?.private ?? false },
    smtpPort: raw.smtpPort ?? 25,
  };
}

function buildAlert(
  a: NonNullable<RawConfig['alerts']>[number],
  i: number,
  fail: (path: Path, message: string) => never,
): AlertChannelConfig {
  if (a.type !== 'email') {
    if (!a.url) return fail(['alerts', i], `a ${a.type} alert needs "url"`);
    if (!/^https?:\/\/[^\s/]+/.test(a.url)) return fail(['alerts', i, 'url'], 'must be an http(s) URL');
    return { kind: a.type, url: a.url };
  }
  if (!a.smtp) return fail(['alerts', i], 'an email alert needs "smtp" (host, port)');
  if (!a.from) return fail(['alerts', i], 'an email alert needs "from"');
  if (!a.to) return fail(['alerts', i], 'an email alert needs "to" (a list of addresses)');
  const smtp: Extract<AlertChannelConfig, { kind: 'email' }>['smtp'] = {
    host: a.smtp.host,
    port: a.smtp.port ?? 25,
    secure: a.smtp.secure ?? false,
  };
  if (a.smtp.user !== undefined) smtp.user = a.smtp.user;
  if (a.smtp.pass !== undefined) smtp.pass = a.smtp.pass;
  return { kind: 'email', smtp, from: a.from, to: a.to };
}
