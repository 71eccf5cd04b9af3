import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from './load-catalog.js';

test('loadCatalog: the built-in catalog without dead lists, allowlists or keyed lists', () => {
  const all = loadCatalog();
  assert.ok(all.length > 50);
  assert.ok(all.every((e) => !e.dead && !e.allowlist && e.access.needs !== 'key'));
});

test('loadCatalog: zones by name, and a JSON catalog validated with its source named', () => {
  assert.deepEqual(
    loadCatalog({ zones: ['zen.spamhaus.org'] }).map((e) => e.zone),
    ['zen.spamhaus.org'],
  );
  const own = loadCatalog({ json: [{ zone: 'bl.example.test', kind: 'ip' }], source: 'mine.json' });
  assert.deepEqual(
    own.map((e) => e.zone),
    ['bl.example.test'],
  );
  assert.throws(() => loadCatalog({ json: [{ kind: 'ip' }], source: 'mine.json' }), /mine\.json/);
  assert.throws(() => loadCatalog({ zones: ['no.such.zone'] }), /not in the catalog/);
});
