import ipaddr from 'ipaddr.js';
import { MxError } from './errors.js';
import type { ParsedIp } from './ip.js';

export interface ParsedCidr {
  text: string;
  family: 4 | 6;
  prefix: number;
  /** Number of addresses; a bigint because an IPv6 range can exceed 2^53. */
  size: bigint;
}

/** Ranges larger than this need `--force`: a /15 is 131,072 addresses times every zone. */
export const MAX_CIDR_ADDRESSES_UNFORCED = 65_536n;
/** Even with --force we refuse ranges that could never finish: 2^24 addresses (a /8). */
export const MAX_CIDR_ADDRESSES = 16_777_216n;

/** Parses `a.b.c.d/n` or `x::/n`; returns null when the text is not CIDR notation at all. */
export function parseCidr(input: string): ParsedCidr | null {
  const text = input.trim();
  if (!text.includes('/')) return null;
  if (!ipaddr.isValidCIDR(text)) return null;
  const [addr, prefix] = ipaddr.parseCIDR(text);
  const family = addr.kind() === 'ipv4' ? 4 : 6;
  const bits = family === 4 ? 32 : 128;
  const network =
    family === 4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  const canonical = family === 4 ? network.toString() : (network as ipaddr.IPv6).toRFC5952String();
  return { text: `${canonical}/${prefix}`, family, prefix, size: 1n << BigInt(bits - prefix) };
}

/** Throws an input error when a range is too large to check (unless forced, up to a hard cap). */
export function assertCidrSize(cidr: ParsedCidr, force: boolean): void {
  // The caps are address counts; each family's message names its own prefix (IPv6: /104, /112).
  const bits = cidr.family === 4 ? 32 : 128;
  const prefixFor = (count: bigint) => `/${bits - (count.toString(2).length - 1)}`;
  if (cidr.size > MAX_CIDR_ADDRESSES) {
    throw new MxError(
      'input',
      `${cidr.text}: range of ${cidr.size} addresses is too large to check (at most a ${prefixFor(MAX_CIDR_ADDRESSES)} for IPv${cidr.family})`,
    );
  }
  if (cidr.size > MAX_CIDR_ADDRESSES_UNFORCED && !force) {
    throw new MxError(
      'input',
      `${cidr.text}: range of ${cidr.size} addresses is larger than a ${prefixFor(MAX_CIDR_ADDRESSES_UNFORCED)}; pass --force to check it anyway`,
    );
  }
}

/** Yields every address of a range in order, lazily, so a /16 never sits in memory. */
export function* expandCidr(cidr: ParsedCidr): Generator<ParsedIp> {
  const [addr] = ipaddr.parseCIDR(cidr.text);
  const bytes = addr.toByteArray();
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  for (let i = 0n; i < cidr.size; i++) yield fromBigInt(value + i, cidr.family);
}

function fromBigInt(value: bigint, family: 4 | 6): ParsedIp {
  const byteCount = family === 4 ? 4 : 16;
  const bytes = new Array<number>(byteCount);
  let v = value;
  for (let i = byteCount - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (family === 4) return { text: bytes.join('.'), family };
  return { text: ipaddr.fromByteArray(bytes).toString(), family };
}
