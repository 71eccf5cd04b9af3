import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface ParsedIp {
  /** Canonical text: dotted quad for IPv4, RFC 5952 compressed form for IPv6. */
  text: string;
  family: IpFamily;
}

/**
 * Parses an IPv4 or IPv6 literal (no brackets, no zone id). Returns null for anything else, so
 * callers can fall through to the next interpretation of a target; never throws.
 * IPv4 must be four decimal octets: ipaddr.js also accepts `0x7f.1` and `127.1`, which a mail
 * admin never means and which would silently check a different address.
 */
export function parseIp(input: string): ParsedIp | null {
  const text = input.trim();
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return null;
    const addr = ipaddr.IPv6.parse(text);
    if (addr.isIPv4MappedAddress()) return { text: addr.toIPv4Address().toString(), family: 4 };
    return { text: addr.toRFC5952String(), family: 6 };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  return { text: ipaddr.IPv4.parse(text).toString(), family: 4 };
}

/**
 * The DNSBL query label for an address (RFC 5782 §2.1 for IPv4, §2.4 for IPv6): IPv4 octets
 * reversed, IPv6 as 32 reversed nibbles. `reverseIp('192.0.2.6') === '6.2.0.192'`.
 */
export function reverseIp(ip: ParsedIp): string {
  if (ip.family === 4) return ip.text.split('.').reverse().join('.');
  const bytes = ipaddr.IPv6.parse(ip.text).toByteArray();
  const nibbles: string[] = [];
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i]!;
    nibbles.push((b & 0x0f).toString(16), (b >> 4).toString(16));
  }
  return nibbles.join('.');
}

/** The PTR query name for an address: `reverseIp` under in-addr.arpa or ip6.arpa. */
export function ptrName(ip: ParsedIp): string {
  return `${reverseIp(ip)}.${ip.family === 4 ? 'in-addr.arpa' : 'ip6.arpa'}`;
}

/** True for 127.0.0.0/8, the only range a DNSBL may answer with (RFC 5782 §2.3). */
export function isLoopbackV4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) && text.startsWith('127.');
}
