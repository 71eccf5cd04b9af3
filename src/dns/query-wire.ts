import type { RecordType } from './types.js';

/**
 * The wire form of one query (RFC 1035 §4.1): header with RD set, one question, and an EDNS0 OPT
 * record (RFC 6891) advertising our UDP payload size. Written by hand, and only this: dns-packet's
 * general encoder cost 25–45 µs per query in a fresh process (measured: 158 queries 3.7 ms cold,
 * 6.9 ms while being optimised), which is the whole per-query budget of a bulk check; the bytes are
 * tested equal to dns-packet's. A answers are read by answer-wire.ts, the rest by dns-packet.
 */
const TYPE_CODES: Record<RecordType, number> = { A: 1, NS: 2, CNAME: 5, PTR: 12, MX: 15, TXT: 16, AAAA: 28 };
export const HEADER_BYTES = 12;
/** The EDNS0 OPT record every query ends with (answer-wire.ts finds the question before it). */
export const OPT_BYTES = 11;

/** A query for `name` (lower case, no trailing dot), id 0; or why the name cannot be sent. */
export function encodeQuery(name: string, type: RecordType, udpPayloadSize: number): Buffer | string {
  const textBytes = name === '' ? 0 : Buffer.byteLength(name);
  const nameBytes = textBytes === 0 ? 1 : textBytes + 2;
  if (nameBytes > 255) return `name longer than 255 bytes: ${name.slice(0, 40)}…`;
  const packet = Buffer.allocUnsafe(HEADER_BYTES + nameBytes + 4 + OPT_BYTES);
  packet.writeUInt32BE(0x00000100, 0); // id 0 (set per send), flags: RD
  packet.writeUInt32BE(0x00010000, 4); // QDCOUNT 1, ANCOUNT 0
  packet.writeUInt32BE(0x00000001, 8); // NSCOUNT 0, ARCOUNT 1
  // The name is written once, one byte after its place, and each dot then becomes the length of
  // the label after it (no split, no write per label: this runs for every query of a bulk check).
  // A UTF-8 sequence never holds the byte 0x2e, so only real dots are replaced.
  if (textBytes > 0) {
    packet.write(name, HEADER_BYTES + 1, 'utf8');
    const end = HEADER_BYTES + 1 + textBytes;
    let lengthAt = HEADER_BYTES;
    for (let i = HEADER_BYTES + 1; i <= end; i++) {
      if (i < end && packet[i] !== 0x2e) continue;
      const length = i - lengthAt - 1;
      if (length === 0) return `empty label in ${name}`;
      if (length > 63) return `label longer than 63 bytes in ${name}`;
      packet[lengthAt] = length;
      lengthAt = i;
    }
  }
  let offset = HEADER_BYTES + nameBytes - 1;
  packet[offset++] = 0;
  packet.writeUInt16BE(TYPE_CODES[type], offset);
  packet.writeUInt16BE(1, offset + 2); // class IN
  offset += 4;
  packet[offset++] = 0; // OPT owner: the root
  packet.writeUInt16BE(41, offset); // type OPT
  packet.writeUInt16BE(udpPayloadSize, offset + 2); // class: requestor's UDP payload size
  packet.writeUInt32BE(0, offset + 4); // extended RCODE, version 0, no DO bit
  packet.writeUInt16BE(0, offset + 8); // no options
  return packet;
}
