import type { CheckSummary, TargetReport } from '../check/types.js';
import { sanitizeLine as clean } from '../core/sanitize.js';

/** Nagios plugin statuses (Monitoring Plugins guidelines §2.3). */
export const NAGIOS_OK = 0;
export const NAGIOS_WARNING = 1;
export const NAGIOS_CRITICAL = 2;
export const NAGIOS_UNKNOWN = 3;

export interface NagiosResult {
  text: string;
  status: number;
}

/**
 * One plugin output line for all targets: `DNSBL CRITICAL - ... | perfdata`. CRITICAL when
 * listed anywhere, UNKNOWN when every answer was an error, WARNING when some lists could not be
 * queried, OK otherwise. Perfdata per the guidelines: `'label'=value;warn;crit;min;max`.
 */
export function renderNagios(reports: readonly TargetReport[], elapsedMs: number): NagiosResult {
  const total: CheckSummary = { listed: 0, clean: 0, error: 0, unhealthy: 0, unverified: 0 };
  for (const r of reports)
    for (const k of Object.keys(total) as (keyof CheckSummary)[]) total[k] += r.summary[k];
  const queried = total.listed + total.clean + total.error + total.unhealthy + total.unverified;
  const failed = total.error + total.unhealthy + total.unverified;
  const listedOn = reports.flatMap((r) =>
    r.results
      .filter((x) => x.status === 'listed')
      .map((x) => (reports.length > 1 ? `${r.target}@${x.zone}` : x.zone)),
  );
  const targets = reports.map((r) => r.target).join(', ');
  let status = NAGIOS_OK;
  let text: string;
  if (total.listed > 0) {
    status = NAGIOS_CRITICAL;
    text = `DNSBL CRITICAL - ${targets} listed on ${total.listed}/${queried}: ${listedOn.join(', ')}`;
  } else if (queried === 0 || failed === queried) {
    status = NAGIOS_UNKNOWN;
    text = `DNSBL UNKNOWN - ${targets}: no list could be queried (${total.error} errors)`;
  } else if (failed > 0) {
    status = NAGIOS_WARNING;
    text = `DNSBL WARNING - ${targets} not listed, but ${failed} of ${queried} lists could not be queried or verified`;
  } else {
    text = `DNSBL OK - ${targets} not listed on ${queried} lists`;
  }
  const perf = [
    `listed=${total.listed};;1;0;${queried}`,
    `clean=${total.clean};;;0;${queried}`,
    `error=${total.error};;;0;${queried}`,
    `unhealthy=${total.unhealthy};;;0;${queried}`,
    `unverified=${total.unverified};;;0;${queried}`,
    `time=${(elapsedMs / 1000).toFixed(3)}s;;;0;`,
  ];
  // Targets and zone names may come from a file or DNS: one sanitised line, as Nagios expects.
  return { text: `${clean(text)} | ${perf.join(' ')}\n`, status };
}

/** The plugin line when the run stopped before any target: the resolver is unusable. */
export function renderNagiosBroken(reason: string, elapsedMs: number): NagiosResult {
  const text = `DNSBL UNKNOWN - resolver unusable: ${reason} | time=${(elapsedMs / 1000).toFixed(3)}s;;;0;`;
  return { text: `${text}\n`, status: NAGIOS_UNKNOWN };
}
