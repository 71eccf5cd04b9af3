import type { CatalogEntry } from '../check/catalog-types.js';
import { checkTargets } from '../check/check.js';
import { HealthCache } from '../check/health.js';
import type { TargetReport } from '../check/types.js';
import { MxError } from '../core/errors.js';
import { type ParsedIp, parseIp } from '../core/ip.js';
import { requireInt } from '../core/limits.js';
import type { Target } from '../core/targets.js';
import type { Resolver } from '../dns/types.js';
import { blocklistItems } from './blocklists.js';
import { Limiter, type ProgressEvent, runPart } from './deadline.js';
import { examineDmarc } from './dmarc.js';
import { weightOf } from './fixes.js';
import { unknownItem } from './items.js';
import { examineMx } from './mx.js';
import { countStatuses, rankFixes } from './rank.js';
import { examineReverseDns, type RdnsFindings } from './rdns.js';
import { brokenResolverItems, checkResolver } from './resolver-check.js';
import { greetingItem, probeItems } from './smtp.js';
import { examineSpf, senderAddresses } from './spf.js';
import { examineTransport } from './transport.js';
import type {
  DiagnoseItem,
  DiagnoseReport,
  MxHost,
  ProbeFn,
  ProbeView,
  ResolverCheck,
  SectionId,
} from './types.js';

export interface DiagnoseOptions {
  resolver: Resolver;
  /** The blocklists (already filtered); the domain goes to the domain lists, each address to the IP lists. */
  catalog: readonly CatalogEntry[];
  /** Probes one SMTP server; omitted with --no-smtp. */
  probe?: ProbeFn;
  smtpPort?: number;
  /** Deadline of each DNS part (MX, SPF, DMARC, one address's PTR, one address's lists). */
  partTimeoutMs?: number;
  /** Deadline of each SMTP probe. */
  smtpTimeoutMs?: number;
  onProgress?: (event: ProgressEvent) => void;
}

interface ResolvedOptions extends Required<Omit<DiagnoseOptions, 'probe'>> {
  probe: ProbeFn | null;
}

export const DEFAULT_PART_TIMEOUT_MS = 20_000;
/**
 * Addresses examined per MX host, and in all: an MX host with 1,000 A records would otherwise
 * start 1,000 SMTP probes and 1,001 blocklist checks at once. The rest are named in the report.
 */
export const MAX_ADDRESSES_PER_HOST = 8;
export const MAX_ADDRESSES_TOTAL = 32;
/** SMTP probes in flight at once; the others wait their turn (each with its own deadline). */
export const MAX_PROBES_IN_FLIGHT = 4;
export const DEFAULT_SMTP_TIMEOUT_MS = 60_000;
/** Caps on the deadlines: a part that has not answered in 10 minutes never will. */
export const MAX_PART_TIMEOUT_MS = 600_000;

export function resolveDiagnoseOptions(options: DiagnoseOptions): ResolvedOptions {
  return {
    resolver: options.resolver,
    catalog: options.catalog,
    probe: options.probe ?? null,
    smtpPort: requireInt('smtpPort', options.smtpPort ?? 25, 1, 65535),
    partTimeoutMs: requireInt(
      'part timeout',
      options.partTimeoutMs ?? DEFAULT_PART_TIMEOUT_MS,
      1,
      MAX_PART_TIMEOUT_MS,
    ),
    smtpTimeoutMs: requireInt(
      'SMTP timeout',
      options.smtpTimeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS,
      1,
      MAX_PART_TIMEOUT_MS,
    ),
    onProgress: options.onProgress ?? (() => {}),
  };
}

/** Collects items, nested results and incomplete parts while the parts run concurrently. */
class Collector {
  readonly items: DiagnoseItem[] = [];
  readonly incomplete: { part: string; reason: string }[] = [];
  readonly check: TargetReport[] = [];
  readonly probe: ProbeView[] = [];
  /** Sending addresses found in SPF (examined without SMTP). */
  readonly senders: string[] = [];
  readonly health: HealthCache;
  readonly probes = new Limiter(MAX_PROBES_IN_FLIGHT);

  constructor(readonly options: ResolvedOptions) {
    this.health = new HealthCache(options.resolver);
  }

  /** Runs a part; its items are added, or one `unknown` item saying why it has none. */
  async run<T>(
    part: string,
    section: SectionId,
    work: () => Promise<T>,
    toItems: (value: T) => DiagnoseItem[],
    timeoutMs = this.options.partTimeoutMs,
  ): Promise<T | null> {
    const outcome = await runPart(part, timeoutMs, work, this.options.onProgress);
    if (outcome.ok) {
      this.items.push(...toItems(outcome.value));
      return outcome.value;
    }
    this.incomplete.push({ part, reason: outcome.reason });
    this.items.push(
      unknownItem(`incomplete.${part.replace(' ', ':')}`, section, `${part}: not checked`, outcome.reason),
    );
    return null;
  }

  async lists(target: Target, label: string, kind: 'ip' | 'domain'): Promise<void> {
    const catalog = this.options.catalog.filter((e) => e.kind === kind && !e.allowlist);
    await this.run(
      `lists ${label}`,
      'blocklists',
      async () => {
        const reports: TargetReport[] = [];
        for await (const r of checkTargets([target], {
          resolver: this.options.resolver,
          catalog,
          health: this.health,
          eagerTxt: true,
        }))
          reports.push(r);
        return reports;
      },
      (reports) => {
        this.check.push(...reports);
        return blocklistItems(reports);
      },
    );
  }
}

/**
 * Diagnoses a mail domain (MX, addresses, reverse DNS, SPF, DMARC, MTA-STS/TLS-RPT, blocklists,
 * SMTP) or a single IP (reverse DNS, blocklists, SMTP). Every part runs concurrently with its own
 * deadline; a part that times out is reported as `unknown` and the rest completes.
 *
 * @example
 * const report = await diagnose(parseTarget('example.com'), { resolver, catalog, probe });
 * report.topFixes.map((i) => i.title);
 */
export async function diagnose(target: Target, options: DiagnoseOptions): Promise<DiagnoseReport> {
  const resolved = resolveDiagnoseOptions(options);
  if (target.kind === 'cidr')
    throw new MxError('input', `${target.input}: diagnose takes one domain or one IP address, not a range`);
  const startedAt = new Date().toISOString();
  const name = target.kind === 'domain' ? target.domain : target.ip.text;
  // Before any finding: a resolver that says "no such name" for everything would make the
  // domain "not exist" and every record "missing" (issue: "Register example.com" advice).
  const resolverCheck = await checkResolver(resolved.resolver, name);
  if (resolverCheck.verdict === 'broken') return brokenReport(target, name, startedAt, resolverCheck);
  const c = new Collector(resolved);
  let mx: MxHost[] = [];
  let addresses: string[];
  if (target.kind === 'domain') {
    mx = await diagnoseDomain(target.domain, c);
    addresses = [...new Set([...mx.flatMap((h) => h.addresses), ...c.senders])];
  } else {
    addresses = [target.ip.text];
    await examineAddress(target.ip, null, null, c);
  }
  relateTlsToMtaSts(c.items);
  return {
    target: name,
    kind: target.kind,
    startedAt,
    items: sortItems(c.items),
    topFixes: rankFixes(c.items),
    summary: countStatuses(c.items),
    mx,
    addresses,
    check: c.check,
    probe: c.probe,
    incomplete: c.incomplete,
    resolver: resolverCheck,
  };
}

/** The report when the resolver does not work: it is the one problem, every DNS part unknown. */
function brokenReport(
  target: Target & { kind: 'domain' | 'ip' },
  name: string,
  startedAt: string,
  resolverCheck: ResolverCheck & { verdict: 'broken' },
): DiagnoseReport {
  const items = brokenResolverItems(resolverCheck, target.kind);
  return {
    target: name,
    kind: target.kind,
    startedAt,
    items: sortItems(items),
    topFixes: rankFixes(items),
    summary: countStatuses(items),
    mx: [],
    addresses: target.kind === 'ip' ? [name] : [],
    check: [],
    probe: [],
    incomplete: [{ part: 'dns', reason: resolverCheck.reason }],
    resolver: resolverCheck,
  };
}

async function diagnoseDomain(domain: string, c: Collector): Promise<MxHost[]> {
  const { resolver } = c.options;
  const independent = Promise.all([
    c.run(
      'dmarc',
      'dmarc',
      () => examineDmarc(domain, resolver),
      (items) => items,
    ),
    c.run(
      'mta-sts/tls-rpt',
      'transport',
      () => examineTransport(domain, resolver),
      (items) => items,
    ),
    c.lists({ kind: 'domain', input: domain, domain }, domain, 'domain'),
  ]);
  const found = await c.run(
    'mx',
    'mx',
    () => examineMx(domain, resolver),
    (f) => f.items,
  );
  const hosts = found?.hosts ?? [];
  const perAddress = capAddresses(hosts, c);
  await Promise.all([
    independent,
    examineSpfAndSenders(domain, hosts, c),
    ...perAddress.map((p) => examineAddress(p.ip, p.host, domain, c)),
  ]);
  return hosts;
}

/** The MX addresses to examine, at most MAX_ADDRESSES_PER_HOST per host and MAX_ADDRESSES_TOTAL in all. */
function capAddresses(hosts: readonly MxHost[], c: Collector): { host: string; ip: ParsedIp }[] {
  const chosen: { host: string; ip: ParsedIp }[] = [];
  for (const h of hosts) {
    const ips = h.addresses.map((a) => parseIp(a)).filter((ip) => ip !== null);
    const room = Math.max(0, Math.min(MAX_ADDRESSES_PER_HOST, MAX_ADDRESSES_TOTAL - chosen.length));
    for (const ip of ips.slice(0, room)) chosen.push({ host: h.exchange, ip });
    if (ips.length <= room) continue;
    const reason = `${h.exchange} has ${ips.length} addresses; the first ${room} were examined (at most ${MAX_ADDRESSES_PER_HOST} per host, ${MAX_ADDRESSES_TOTAL} in all)`;
    c.incomplete.push({ part: `addresses ${h.exchange}`, reason });
    c.items.push(
      unknownItem(
        `incomplete.addresses:${h.exchange}`,
        'mx',
        `${h.exchange}: not every address examined`,
        reason,
      ),
    );
  }
  return chosen;
}

/** SPF, then the reverse DNS and lists of sending addresses the record names one by one (not the MX ones). */
async function examineSpfAndSenders(domain: string, hosts: readonly MxHost[], c: Collector): Promise<void> {
  const spf = await c.run(
    'spf',
    'spf',
    () => examineSpf(domain, c.options.resolver, hosts),
    (f) => f.items,
  );
  if (!spf?.record) return;
  const mxAddresses = new Set(hosts.flatMap((h) => h.addresses));
  const senders = senderAddresses(spf.record).filter((a) => !mxAddresses.has(a));
  c.senders.push(...senders);
  await Promise.all(senders.map((a) => examineAddress(parseIp(a)!, null, domain, c, false)));
}

/** Reverse DNS, blocklists and SMTP of one address, concurrently; then the greeting against the PTR. */
async function examineAddress(
  ip: ParsedIp,
  host: string | null,
  domain: string | null,
  c: Collector,
  smtp = true,
): Promise<void> {
  const { resolver, smtpPort, smtpTimeoutMs } = c.options;
  const probe = smtp ? c.options.probe : null;
  const [rdns, probed] = await Promise.all([
    c.run(
      `rdns ${ip.text}`,
      'rdns',
      () => examineReverseDns(ip, resolver),
      (f: RdnsFindings) => f.items,
    ),
    // The probe's deadline starts when its turn comes, not while it waits for a slot.
    probe
      ? c.probes.run(() =>
          c.run(
            `smtp ${host ?? ip.text}`,
            'smtp',
            () => probe({ host: host ?? ip.text, ip: ip.text, port: smtpPort, domain }),
            (r) => {
              c.probe.push(r);
              return probeItems(r);
            },
            smtpTimeoutMs,
          ),
        )
      : Promise.resolve(null),
    c.lists({ kind: 'ip', input: ip.text, ip }, ip.text, 'ip'),
  ]);
  if (rdns && probed) {
    const greeting = greetingItem(ip.text, probed.greeting, rdns.names);
    if (greeting) c.items.push(greeting);
  }
}

/**
 * A certificate flaw matters more when the domain publishes MTA-STS: senders enforcing the
 * policy (RFC 8461 §5) refuse to deliver to an MX whose certificate does not validate.
 */
function relateTlsToMtaSts(items: DiagnoseItem[]): void {
  if (!items.some((i) => i.id === 'transport.mta-sts' && i.status === 'ok')) return;
  for (const i of items) {
    if (!i.id.startsWith('smtp.tls:') || i.status !== 'warning') continue;
    i.evidence.push('this domain publishes MTA-STS: senders enforcing it refuse to deliver to this MX');
    i.weight = Math.max(i.weight, weightOf('smtp.certificate-mta-sts'));
  }
}

const SECTION_ORDER: SectionId[] = [
  'resolver',
  'mx',
  'rdns',
  'spf',
  'dmarc',
  'transport',
  'blocklists',
  'smtp',
];

/** Section order, then problems first within a section (stable otherwise). */
function sortItems(items: readonly DiagnoseItem[]): DiagnoseItem[] {
  const rank = { problem: 0, warning: 1, unknown: 2, ok: 3 } as const;
  return [...items].sort(
    (a, b) =>
      SECTION_ORDER.indexOf(a.section) - SECTION_ORDER.indexOf(b.section) || rank[a.status] - rank[b.status],
  );
}
