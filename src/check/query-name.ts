import { type ParsedIp, reverseIp } from '../core/ip.js';
import type { CatalogEntry } from './catalog-types.js';

/** `6.2.0.192.zen.spamhaus.org` for an IP list; `example.com.dbl.spamhaus.org` for a domain list (RFC 5782 §2). */
export function ipQueryName(ip: ParsedIp, entry: CatalogEntry): string {
  return `${reverseIp(ip)}.${entry.zone}`;
}

export function domainQueryName(domain: string, entry: CatalogEntry): string {
  return `${domain}.${entry.zone}`;
}

/** Whether an IP list answers for this address family (IPv6 only where the catalog says so). */
export function zoneAcceptsIp(entry: CatalogEntry, ip: ParsedIp): boolean {
  return entry.kind === 'ip' && (ip.family === 4 ? entry.ipv4 !== false : entry.ipv6);
}
