/** What a probe found, as a status the CLI maps to an exit code. */
import type { ProbeReport } from './types.js';

export type ProbeStatus = 'problem' | 'ok' | 'undetermined';

/** problem: accepts unknown recipients, open relay or blocked; undetermined: no verdict at all. */
export function probeExitStatus(report: ProbeReport): ProbeStatus {
  const { unknownRecipient, openRelay, blocked } = report.checks;
  if (unknownRecipient.verdict === 'accepts' || openRelay.verdict === 'open' || blocked) return 'problem';
  if (unknownRecipient.verdict === 'no-verdict' && openRelay.verdict === 'no-verdict') return 'undetermined';
  return 'ok';
}
