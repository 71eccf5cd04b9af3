import { analyzeBounce, type BounceReport } from '../bounce/index.js';
import { type CatalogEntry, checkTargets, type TargetReport } from '../check/index.js';
import type { CompiledPolicy } from '../core/address-policy.js';
import { MxError } from '../core/errors.js';
import { parseTarget } from '../core/targets.js';
import { type DiagnoseReport, diagnose, type ProbeFn } from '../diagnose/index.js';
import type { Resolver } from '../dns/index.js';
import { analyzeMessage, type PhishReport } from '../phish/index.js';
import { assertAllowed } from './ssrf.js';

/**
 * The one-shot tools of the dashboard and API, as a port: the app receives them, tests pass a
 * fake. createTools wires them to the capability libraries (the functions the commands call),
 * never by running a command.
 */
export interface Tools {
  /** Blocklist check of one IP address or domain (not a range: that is the watch list's job). */
  check(target: string): Promise<TargetReport>;
  /** Explains a pasted bounce or SMTP rejection. */
  explainBounce(text: Uint8Array): BounceReport;
  /** Analyses an uploaded message: phishing verdict, and the bounce reading when it is one. */
  analyzeEml(bytes: Uint8Array): Promise<{ phish: PhishReport; bounce: BounceReport | null }>;
  /** Diagnoses a mail domain or IP (DNS, lists and, when enabled, SMTP). */
  diagnose(target: string): Promise<DiagnoseReport>;
}

export interface ToolDeps {
  resolver: Resolver;
  catalog: readonly CatalogEntry[];
  /** Which addresses the SMTP probe may connect to (SSRF guard). */
  policy: CompiledPolicy;
  /** SMTP probe of MX hosts during a diagnosis; null turns SMTP off. */
  probe: ProbeFn | null;
  smtpPort: number;
  /** Deadline of each diagnosis part. */
  partTimeoutMs: number;
}

function oneTarget(input: string, what: string) {
  const target = parseTarget(input);
  if (target.kind === 'cidr') throw new MxError('input', `${what}: give one address or domain, not a range`);
  return target;
}

export function createTools(deps: ToolDeps): Tools {
  return {
    async check(input) {
      const target = oneTarget(input, 'check');
      const options = { resolver: deps.resolver, catalog: deps.catalog, txt: true, eagerTxt: true };
      for await (const report of checkTargets([target], options)) return report;
      throw new MxError('internal', `check: no report for ${target.input}`);
    },
    explainBounce: (bytes) => analyzeBounce(bytes),
    async analyzeEml(bytes) {
      const phish = await analyzeMessage(bytes);
      const bounce = analyzeBounce(bytes);
      return { phish, bounce: bounce.isBounce ? bounce : null };
    },
    async diagnose(input) {
      const target = oneTarget(input, 'diagnose');
      if (target.kind === 'ip') assertAllowed(target.ip.text, deps.policy);
      const guarded = deps.probe === null ? null : guardProbe(deps.probe, deps.policy);
      return diagnose(target, {
        resolver: deps.resolver,
        catalog: deps.catalog,
        smtpPort: deps.smtpPort,
        partTimeoutMs: deps.partTimeoutMs,
        ...(guarded ? { probe: guarded } : {}),
      });
    },
  };
}

/**
 * Refuses to probe an MX whose address is private, loopback or link-local (unless allowed): a
 * domain's MX records are chosen by whoever owns the domain, so they can point anywhere.
 * The refusal becomes the SMTP part's reason in the report.
 */
function guardProbe(probe: ProbeFn, policy: CompiledPolicy): ProbeFn {
  return async (t) => {
    assertAllowed(t.ip, policy);
    return probe(t);
  };
}
