/**
 * fast-check generators of hostile MIME: nested multiparts with odd boundaries, every
 * transfer encoding, RFC 2047 words, missing or duplicated terminators, then byte mutations
 * (truncation, insertion). Shared by the MIME walker fuzz tests (bounce and mail/phish).
 */
import fc from 'fast-check';

const text = fc.string({ maxLength: 80, unit: 'binary' });
const boundary = fc.oneof(
  fc.constantFrom('b', '=_part', 'a b', '', '--', '"q"'),
  fc.string({ minLength: 1, maxLength: 12, unit: 'binary' }),
);

const header = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'Subject',
        'From',
        'To',
        'Content-Type',
        'Content-Transfer-Encoding',
        'Content-Disposition',
        'X-A',
      ),
      fc.oneof(
        text,
        fc.constantFrom(
          '=?utf-8?B?aGVsbG8=?=',
          '=?iso-8859-1?Q?caf=E9?=',
          '=?x-unknown?Q?=ZZ?=',
          'attachment; filename="a\u202efdp.exe"',
          'text/html; charset=utf-16',
          'base64',
          'quoted-printable',
          'x-uuencode',
        ),
      ),
    )
    .map(([n, v]) => `${n}: ${v}`),
  text,
);

const leaf = fc
  .tuple(fc.array(header, { maxLength: 5 }), text)
  .map(([headers, body]) => `${headers.join('\r\n')}\r\n\r\n${body}`);

/** A MIME entity: a leaf, or a multipart (of depth up to 4) with a chosen boundary. */
export const mimeEntity: fc.Arbitrary<string> = fc.letrec<{ entity: string }>((tie) => ({
  entity: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc
      .tuple(
        boundary,
        fc.constantFrom('mixed', 'alternative', 'report; report-type=delivery-status', 'related'),
        fc.array(tie('entity'), { maxLength: 4 }),
        fc.boolean(),
      )
      .map(([b, sub, parts, close]) => {
        const head = `Content-Type: multipart/${sub}; boundary="${b}"\r\n\r\npreamble\r\n`;
        const body = parts.map((p) => `--${b}\r\n${p}\r\n`).join('');
        return `${head}${body}${close ? `--${b}--\r\n` : ''}`;
      }),
    fc
      .constant('Content-Type: message/rfc822\r\n\r\n')
      .chain((h) => tie('entity').map((inner) => `${h}${inner}`)),
  ),
})).entity;

/** A message, then maybe truncated, or with bytes inserted: what a parser meets in the wild. */
export const hostileMessage: fc.Arbitrary<string> = fc
  .tuple(
    mimeEntity,
    fc.nat(),
    fc.string({ maxLength: 8, unit: 'binary' }),
    fc.constantFrom('keep', 'cut', 'insert', 'lf'),
  )
  .map(([m, at, junk, how]) => {
    const i = m.length === 0 ? 0 : at % m.length;
    if (how === 'cut') return m.slice(0, i);
    if (how === 'insert') return m.slice(0, i) + junk + m.slice(i);
    if (how === 'lf') return m.replace(/\r\n/g, '\n');
    return m;
  });
