import type { TargetReport } from '../check/types.js';
import type { ProbeReport } from '../probe/types.js';

/** An item's verdict. `unknown` means the check could not run (timeout, DNS failure): never read as ok. */
export type ItemStatus = 'ok' | 'warning' | 'problem' | 'unknown';

/** The report's sections, in the order the renderers show them. */
export type SectionId = 'resolver' | 'mx' | 'rdns' | 'spf' | 'dmarc' | 'transport' | 'blocklists' | 'smtp';

export const SECTION_TITLES: Record<SectionId, string> = {
  resolver: 'DNS resolver',
  mx: 'MX records and addresses',
  rdns: 'Reverse DNS (PTR)',
  spf: 'SPF',
  dmarc: 'DMARC',
  transport: 'MTA-STS and TLS-RPT',
  blocklists: 'Blocklists',
  smtp: 'SMTP',
};

export interface DiagnoseItem {
  /** Stable identifier, e.g. `spf.lookups`, `rdns.fcrdns:192.0.2.1`. */
  id: string;
  section: SectionId;
  status: ItemStatus;
  title: string;
  /** What was seen: records, answers, counts (one fact a line). */
  evidence: string[];
  /** What to do about it; null when there is nothing to do. */
  fix: string | null;
  /**
   * How likely this is to make mail bounce, 0-100 (used to rank the fixes): a listing on a
   * major list or a missing PTR rejects mail outright; a missing TLS-RPT record never does.
   */
  weight: number;
}

/** One MX host with its addresses (or why they could not be found). */
export interface MxHost {
  exchange: string;
  preference: number;
  addresses: string[];
  error: string | null;
}

/** The probe's report, nested as is in the diagnosis (see src/probe/types.ts). */
export type ProbeView = ProbeReport;

/** What diagnose asks the probe: one MX host and address, random recipients at `domain`. */
export interface ProbeTarget {
  host: string;
  ip: string;
  port: number;
  /** The domain being diagnosed (null for an IP diagnosis). */
  domain: string | null;
}

/** The probe function diagnose is given (the CLI wraps src/probe's probeHost). */
export type ProbeFn = (target: ProbeTarget) => Promise<ProbeReport>;

export interface DiagnoseReport {
  target: string;
  kind: 'domain' | 'ip';
  /** ISO 8601 time the diagnosis started. */
  startedAt: string;
  items: DiagnoseItem[];
  /** Up to three items, the most likely causes of bounces first. */
  topFixes: DiagnoseItem[];
  summary: Record<ItemStatus, number>;
  mx: MxHost[];
  /** The addresses examined (MX addresses, or the IP given). */
  addresses: string[];
  /** The nested blocklist results, one per address and one for the domain. */
  check: TargetReport[];
  /** The nested probe results (empty with --no-smtp). */
  probe: ProbeView[];
  /** Parts that did not finish in time or failed, with the reason. */
  incomplete: { part: string; reason: string }[];
  /**
   * Whether the resolver answered names that always exist. `broken`: every DNS finding is
   * `unknown` and the resolver is the one problem (the CLI exits 3).
   */
  resolver: ResolverCheck;
}

/** Whether the resolver can be trusted to say a name does not exist, with what was seen. */
export type ResolverCheck =
  | { verdict: 'ok'; evidence: string[] }
  | { verdict: 'broken'; reason: string; evidence: string[] };
