/**
 * Whether input is plainly not a mail message (an image, an archive, random bytes) — so that
 * `phish` refuses it as bad input, exit 2, as `bounce` does, instead of judging the garbage
 * "suspicious" for having no sender. Mail is text (RFC 5322 §2.1; 8BITMIME bodies are still
 * lines): many NULs or C0 controls in its head is not mail (a stray NUL is: real bounces carry
 * one). ESC is allowed: ISO-2022-JP (RFC 1468) mail carries it in 7-bit text.
 */
const HEAD_BYTES = 4096;
/** Above this share of C0 controls (other than TAB, CR, LF, ESC) in the head, it is not text. */
const MAX_CONTROL_SHARE = 0.05;
/** This many NULs in the head is a binary format (images and archives are full of them). */
const MIN_BINARY_NULS = 4;

export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, HEAD_BYTES);
  let controls = 0;
  let nuls = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0 && ++nuls >= MIN_BINARY_NULS) return true;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 27) || b === 127) controls++;
  }
  return end > 0 && controls / end > MAX_CONTROL_SHARE;
}
