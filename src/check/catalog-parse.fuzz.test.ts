/**
 * Fuzz: the catalog validator with any JSON and with mutated real entries. Properties: it
 * returns validated entries or throws MxError('config') naming the source, never anything else;
 * a returned entry has a lower-case zone, a known kind and scope, and string code meanings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { allowingMxError, fuzzParams, fuzzTestOptions } from '../../test/helpers/fuzz.js';
import { MxError } from '../core/errors.js';
import { ENTRY_FIELDS, MAX_CATALOG_ENTRIES, parseCatalog } from './catalog-parse.js';

// Every real key, and one misspelt ('zoen') that must be refused by name.
const KEYS = [...ENTRY_FIELDS, 'zoen'];

const plausible = fc.oneof(
  fc.constantFrom('ip', 'domain', 'range', 'asn', 'bl.example.test', 'BL.Example.TEST.', '', '127.0.0.2'),
  fc.constantFrom(
    { '127.0.0.2': 'spam' },
    { '127.0.0.4-127.0.0.7': 'x' },
    { '127.0.0.9-127.0.0.1': 'x' },
    { x: 1 },
  ),
  fc.constantFrom(
    { kinds: ['paid'], expiryHours: 24 },
    { kinds: ['nope'] },
    { refusesPublicResolvers: true, needs: 'key' },
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const mutatedEntry = fc
  .tuple(fc.dictionary(fc.constantFrom(...KEYS), plausible, { maxKeys: 8 }), fc.boolean())
  .map(([extra, keepBase]) => (keepBase ? { zone: 'bl.example.test', kind: 'ip', ...extra } : extra));

const catalogJson = fc.oneof(
  fc.array(mutatedEntry, { maxLength: 6 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3 }),
);

const KINDS = new Set(['ip', 'domain']);
const SCOPES = new Set(['ip', 'range', 'asn']);

describe('catalog validator fuzz', () => {
  it('parseCatalog: valid entries or MxError(config), nothing else', fuzzTestOptions(), () => {
    let valid = 0;
    fc.assert(
      fc.property(catalogJson, (json) => {
        const result = allowingMxError(() => parseCatalog(json, 'fuzz.json'));
        if (result instanceof MxError) {
          assert.equal(result.code, 'config');
          assert.match(result.message, /fuzz\.json/);
          return;
        }
        valid++;
        assert.ok(result.length >= 1 && result.length <= MAX_CATALOG_ENTRIES);
        for (const entry of result) {
          assert.equal(entry.zone, entry.zone.toLowerCase());
          assert.ok(KINDS.has(entry.kind), entry.kind);
          assert.ok(SCOPES.has(entry.scope), entry.scope);
          for (const meaning of Object.values(entry.codes)) assert.equal(typeof meaning, 'string');
        }
      }),
      fuzzParams(),
    );
    assert.ok(valid > 0, 'some generated catalogs are valid, so the success path is fuzzed too');
  });
});
