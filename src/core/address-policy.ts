import ipaddr from 'ipaddr.js';
import { MxError } from './errors.js';
import { parseIp } from './ip.js';

/**
 * Which addresses serve may connect to: the API's tools (SMTP probe, diagnose, src/http/ssrf.ts)
 * and the SMTP watch's daily probe (src/monitor/smtp-watch.ts). The server runs inside the
 * admin's network, so a request naming 10.0.0.5 or 169.254.169.254 would otherwise let anyone
 * with a token scan the LAN or read a cloud metadata service (SSRF). Only global unicast is
 * allowed unless the config names a range ("loopback", "private", "linkLocal" or a CIDR).
 */
export interface AddressPolicy {
  /** Ranges allowed besides global unicast: ipaddr.js range names or CIDRs. */
  allow: readonly string[];
}

/** ipaddr.js range names a config may allow, and the sensible aliases the docs use. */
const RANGE_ALIASES: Record<string, string[]> = {
  loopback: ['loopback'],
  private: ['private', 'uniqueLocal', 'carrierGradeNat'],
  linklocal: ['linkLocal'],
};

/** The --config key (src/monitor/config.ts `allow`) that opens each range. */
const CONFIG_KEYS: Record<string, string> = {
  loopback: 'allow.loopback',
  private: 'allow.private',
  uniqueLocal: 'allow.private',
  carrierGradeNat: 'allow.private',
};

export interface CompiledPolicy {
  ranges: Set<string>;
  cidrs: [ipaddr.IPv4 | ipaddr.IPv6, number][];
}

/** Validates the allow list once (a typo must fail at start-up, not at the first request). */
export function compilePolicy(policy: AddressPolicy): CompiledPolicy {
  const ranges = new Set<string>();
  const cidrs: CompiledPolicy['cidrs'] = [];
  for (const entry of policy.allow) {
    const alias = RANGE_ALIASES[entry.toLowerCase()];
    if (alias) {
      for (const r of alias) ranges.add(r);
      continue;
    }
    try {
      cidrs.push(ipaddr.parseCIDR(entry));
    } catch {
      throw new MxError(
        'config',
        `allowed probe range "${entry}": give loopback, private, linkLocal or a CIDR like 127.0.0.0/8`,
      );
    }
  }
  return { ranges, cidrs };
}

/** Null when `ip` may be connected to; else why not, in words (`what` says what is not done). */
export function refusalFor(ip: string, policy: CompiledPolicy, what = 'refused'): string | null {
  const parsed = parseIp(ip);
  if (!parsed) return `${ip} is not an IP address`;
  const addr = ipaddr.parse(parsed.text);
  const range = addr.range();
  if (range === 'unicast') return null;
  if (policy.ranges.has(range)) return null;
  for (const [net, bits] of policy.cidrs) {
    if (net.kind() === addr.kind() && addr.match(net, bits)) return null;
  }
  const key = CONFIG_KEYS[range];
  const hint = key ? ` (set ${key}: true in the config to allow it)` : '';
  return `${parsed.text} is a ${range} address: ${what}${hint}`;
}
