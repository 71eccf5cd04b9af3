import { assertCidrSize, type ParsedCidr, parseCidr } from './cidr.js';
import { normaliseDomain } from './domain.js';
import { MxError } from './errors.js';
import { type ParsedIp, parseIp } from './ip.js';

export type Target =
  | { kind: 'ip'; input: string; ip: ParsedIp }
  | { kind: 'cidr'; input: string; cidr: ParsedCidr }
  | { kind: 'domain'; input: string; domain: string };

export interface TargetProblem {
  input: string;
  message: string;
}

/** Classifies one target string; throws MxError('input') naming it when it is none of the kinds. */
export function parseTarget(input: string, options: { force?: boolean } = {}): Target {
  const text = input.trim();
  const ip = parseIp(text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text);
  if (ip) return { kind: 'ip', input: text, ip };
  if (text.includes('/')) {
    const cidr = parseCidr(text);
    if (!cidr) throw new MxError('input', `${text}: not a valid CIDR range`);
    assertCidrSize(cidr, options.force === true);
    return { kind: 'cidr', input: text, cidr };
  }
  const domain = normaliseDomain(text);
  if (domain) return { kind: 'domain', input: text, domain };
  throw new MxError('input', `${text}: not an IP address, CIDR range or host name`);
}

/**
 * Splits a target list (a file or stdin): one target a line, blank lines and `#` comments
 * ignored, several targets on a line allowed when separated by spaces or commas.
 */
export function splitTargetLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const hash = raw.indexOf('#');
    const line = hash >= 0 ? raw.slice(0, hash) : raw;
    for (const item of line.split(/[\s,]+/)) if (item) out.push(item);
  }
  return out;
}

/** Parses many targets, keeping the valid ones and reporting each invalid one by name. */
export function parseTargets(
  inputs: readonly string[],
  options: { force?: boolean } = {},
): { targets: Target[]; problems: TargetProblem[] } {
  const targets: Target[] = [];
  const problems: TargetProblem[] = [];
  for (const input of inputs) {
    try {
      targets.push(parseTarget(input, options));
    } catch (error) {
      if (!(error instanceof MxError)) throw error;
      problems.push({ input, message: error.message });
    }
  }
  return { targets, problems };
}
