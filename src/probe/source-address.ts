/**
 * Where the probe connects from, and whether the server may trust that address (docs/probe.md, trusted sources).
 *
 * MTAs exempt trusted clients from their checks: Debian's Postfix relays for `mynetworks`
 * (127.0.0.0/8 and ::1 by default; `mynetworks_style = subnet` adds the server's own subnets)
 * and Exim's default ACL accepts `relay_from_hosts` before it verifies recipients. A probe from
 * the server itself or from its LAN therefore sees "open relay" or "accepts unknown recipients"
 * that strangers never see. This module only recognises such a source; it cannot know the
 * server's configuration, so the verdict stays and is marked "confirm from outside".
 *
 * Hand-written address parsing rather than core/ip (ipaddr.js): it costs ~15 ms at start-up,
 * which is a tenth of a single probe's whole run (bench:probe).
 */

/** What the verdict line says of an acceptance from a source the server may trust. */
export const TRUSTED_SOURCE_NOTE =
  'accepted from this address, which the server may trust; probe from outside to confirm';

export interface Address {
  family: 4 | 6;
  /** 4 or 16 bytes in network order (IPv4-mapped IPv6 is reduced to IPv4). */
  bytes: number[];
  /** Canonical-enough text: dotted quad, or the input's IPv6 text in lower case. */
  text: string;
}

function parseV4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    bytes.push(Number(p));
  }
  return bytes;
}

function groupsOf(part: string): number[] | null {
  if (part === '') return [];
  const out: number[] = [];
  const groups = part.split(':');
  for (const [i, g] of groups.entries()) {
    if (i === groups.length - 1 && g.includes('.')) {
      const v4 = parseV4(g);
      if (!v4) return null;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(Number.parseInt(g, 16));
    else return null;
  }
  return out;
}

function parseV6(text: string): number[] | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

/** An IPv4 or IPv6 literal (brackets and a %zone are tolerated), or null. Never throws. */
export function parseAddress(input: string): Address | null {
  const text = input
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (!text.includes(':')) {
    const bytes = parseV4(text);
    return bytes ? { family: 4, bytes, text } : null;
  }
  const bytes = parseV6(text);
  if (!bytes) return null;
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (mapped) return { family: 4, bytes: bytes.slice(12), text: bytes.slice(12).join('.') };
  return { family: 6, bytes, text };
}

function isLoopback(a: Address): boolean {
  if (a.family === 4) return a.bytes[0] === 127;
  return a.bytes.slice(0, 15).every((b) => b === 0) && a.bytes[15] === 1;
}

/** The RFC 1918 / RFC 3927 / RFC 4193 / RFC 4291 block an address is in, with its prefix length. */
function privateBlock(a: Address): { name: string; bits: number } | null {
  const [b0 = 0, b1 = 0] = a.bytes;
  if (a.family === 4) {
    if (b0 === 10) return { name: 'RFC 1918 10/8', bits: 8 };
    if (b0 === 172 && b1 >= 16 && b1 <= 31) return { name: 'RFC 1918 172.16/12', bits: 12 };
    if (b0 === 192 && b1 === 168) return { name: 'RFC 1918 192.168/16', bits: 16 };
    if (b0 === 169 && b1 === 254) return { name: 'link-local 169.254/16', bits: 16 };
    return null;
  }
  // ULA: one site is one /48 (RFC 4193 §3.1: the 40-bit global ID picks the site).
  if ((b0 & 0xfe) === 0xfc) return { name: 'ULA fc00::/7, same /48', bits: 48 };
  if (b0 === 0xfe && (b1 & 0xc0) === 0x80) return { name: 'link-local fe80::/10', bits: 10 };
  return null;
}

function samePrefix(a: Address, b: Address, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const bit = (x: Address) => (x.bytes[i >> 3]! >> (7 - (i & 7))) & 1;
    if (bit(a) !== bit(b)) return false;
  }
  return true;
}

/**
 * Why the server may trust a client at `source` (null: no reason to think so). Heuristics, in
 * order: loopback; the server's own address; both in the same private block (RFC 1918 block,
 * ULA /48, link-local), where mynetworks and relay_from_hosts usually point.
 *
 * @example
 * trustedSourceReason('127.0.0.1', '127.0.0.1'); // 'loopback'
 * trustedSourceReason('192.0.2.1', '198.51.100.25'); // null
 */
export function trustedSourceReason(source: string | null, server: string | null): string | null {
  const a = source ? parseAddress(source) : null;
  if (!a) return null;
  if (isLoopback(a)) return 'loopback';
  const b = server ? parseAddress(server) : null;
  if (!b || a.family !== b.family) return null;
  if (a.bytes.every((x, i) => x === b.bytes[i])) return "the server's own address";
  const block = privateBlock(a);
  const other = privateBlock(b);
  if (block && other && block.name === other.name && samePrefix(a, b, block.bits))
    return `same private network (${block.name})`;
  return null;
}
