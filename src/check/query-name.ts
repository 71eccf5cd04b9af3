import { type ParsedIp, reverseIp } from '../core/ip.js';
import type { CatalogEntry } from './catalog-types.js';

/** `6.2.0.192.zen.spamhaus.org` for an IP list; `example.com.dbl.spamhaus.org` for a domain list (RFC 5782 §2). */
export function ipQueryName(ip: ParsedIp, entry: CatalogEntry): string {
  return nameInZone(reverseIp(ip), entry);
}

export function domainQueryName(domain: string, entry: CatalogEntry): string {
  return nameInZone(domain, entry);
}

/** `label.zone`: the query name for an already reversed address or a domain. */
export function nameInZone(label: string, entry: CatalogEntry): string {
  return `${label}.${entry.zone}`;
}

/** Whether an IP list answers for this address family (IPv6 only where the catalog says so). */
export function zoneAcceptsIp(entry: CatalogEntry, ip: ParsedIp): boolean {
  return entry.kind === 'ip' && (ip.family === 4 ? entry.ipv4 !== false : entry.ipv6);
}
