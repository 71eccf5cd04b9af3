/**
 * Fuzz: the bounce capability's MIME walker on hostile messages (nested multiparts, odd
 * boundaries, encodings, truncation). Properties: never throws; at most MAX_MIME_PARTS parts,
 * none deeper than MAX_MIME_DEPTH; every part's text bounded.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { hostileMessage } from '../../test/helpers/mime-arbitrary.js';
import { decodeHeader, MAX_MIME_DEPTH, MAX_MIME_PARTS, MAX_PART_TEXT_CHARS, parseMime } from './mime.js';

describe('bounce MIME walker fuzz', () => {
  it('parseMime: no throw, bounded parts, depth and text', fuzzTestOptions(), () => {
    fc.assert(
      fc.property(fc.oneof(hostileMessage, fc.string({ maxLength: 500, unit: 'binary' })), (raw) => {
        const mime = parseMime(raw);
        assert.ok(mime.parts.length <= MAX_MIME_PARTS);
        for (const part of mime.parts) {
          assert.ok(part.depth <= MAX_MIME_DEPTH);
          assert.equal(typeof part.type, 'string');
          assert.ok(part.text.length <= Math.max(MAX_PART_TEXT_CHARS, raw.length) * 4);
        }
        for (const h of mime.headers) assert.equal(typeof decodeHeader(h.value), 'string');
      }),
      fuzzParams(),
    );
  });
});
