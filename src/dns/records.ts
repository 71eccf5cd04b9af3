import type { Answer, Packet } from 'dns-packet';
import type { DnsFailure, DnsOutcome, RecordMap, RecordType } from './types.js';

/**
 * Turns a decoded DNS response into an outcome (pure; shared by the UDP and TCP paths).
 * RFC 1035 §4.1.1 rcodes: 0 NOERROR (answer, or NODATA when no record of the type is present —
 * RFC 2308 §2.2), 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED; anything else is reported by name.
 */
export function outcomeFromPacket<T extends RecordType>(
  packet: Packet,
  type: T,
  ms: number,
): DnsOutcome<RecordMap[T]> {
  const rcode = (packet as { rcode?: string }).rcode ?? 'NOERROR';
  if (rcode !== 'NOERROR') return { status: failureFromRcode(rcode), message: rcode, ms };
  const records: RecordMap[T][] = [];
  let canonicalName: string | undefined;
  let ttl: number | undefined;
  for (const answer of packet.answers ?? []) {
    if (answer.type === 'CNAME' && type !== 'CNAME') {
      canonicalName = normaliseName(String(answer.data));
      continue;
    }
    if (answer.type !== type) continue;
    const value = recordValue(answer, type);
    if (value === undefined) continue;
    records.push(value as RecordMap[T]);
    const recordTtl = (answer as { ttl?: number }).ttl;
    if (recordTtl !== undefined) ttl = ttl === undefined ? recordTtl : Math.min(ttl, recordTtl);
  }
  if (records.length === 0) {
    return canonicalName
      ? { status: 'nodata', message: `no ${type} record (CNAME to ${canonicalName})`, ms }
      : { status: 'nodata', ms };
  }
  const outcome: DnsOutcome<RecordMap[T]> = { status: 'answer', records, ms };
  if (canonicalName !== undefined) outcome.canonicalName = canonicalName;
  if (ttl !== undefined) outcome.ttl = ttl;
  return outcome;
}

export function failureFromRcode(rcode: string): DnsFailure {
  switch (rcode) {
    case 'NXDOMAIN':
      return 'nxdomain';
    case 'SERVFAIL':
      return 'servfail';
    case 'REFUSED':
      return 'refused';
    default:
      return 'error';
  }
}

function recordValue(answer: Answer, type: RecordType): RecordMap[RecordType] | undefined {
  const data = (answer as { data?: unknown }).data;
  switch (type) {
    case 'A':
    case 'AAAA':
      return typeof data === 'string' ? data : undefined;
    case 'TXT':
      return joinTxt(data);
    case 'MX': {
      const mx = data as { preference?: number; exchange?: string } | undefined;
      if (!mx || typeof mx.exchange !== 'string') return undefined;
      return { preference: mx.preference ?? 0, exchange: normaliseName(mx.exchange) };
    }
    case 'PTR':
    case 'CNAME':
    case 'NS':
      return typeof data === 'string' ? normaliseName(data) : undefined;
  }
}

/** TXT data arrives as one Buffer per character-string; they are concatenated (RFC 7208 §3.3). */
function joinTxt(data: unknown): string | undefined {
  const parts = Array.isArray(data) ? data : [data];
  let out = '';
  for (const part of parts) {
    if (part instanceof Uint8Array) out += Buffer.from(part).toString('utf8');
    else if (typeof part === 'string') out += part;
  }
  return out;
}

export function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}
