/**
 * mbox splitting (RFC 4155): a message starts at a line beginning "From " at the start of the
 * file or after a blank line... in practice after any newline, as mutt and Python's mailbox do.
 * ">From " quoting inside bodies is left as it is: the analysers read headers and text, and the
 * quote does not change a verdict.
 */
export interface MboxMessage {
  /** 1-based position in the mailbox, for naming the message in reports (`file#3`). */
  index: number;
  bytes: Uint8Array;
}

const FROM_LINE = Buffer.from('\nFrom ');

export function looksLikeMbox(bytes: Uint8Array): boolean {
  return bytes.length > 5 && Buffer.from(bytes.buffer, bytes.byteOffset, 5).toString('latin1') === 'From ';
}

/** Splits an mbox into messages, dropping each envelope "From " line. Works on bytes, no copies. */
export function splitMbox(bytes: Uint8Array): MboxMessage[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const starts: number[] = [];
  if (looksLikeMbox(buf)) starts.push(0);
  let at = buf.indexOf(FROM_LINE);
  while (at >= 0) {
    starts.push(at + 1);
    at = buf.indexOf(FROM_LINE, at + 1);
  }
  if (starts.length === 0) return [{ index: 1, bytes }];
  const out: MboxMessage[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : buf.length;
    const lineEnd = buf.indexOf(10, start);
    const bodyStart = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
    out.push({ index: i + 1, bytes: buf.subarray(bodyStart, end) });
  }
  return out;
}
