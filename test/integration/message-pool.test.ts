/**
 * The worker pool of `phish` over many messages: the same text and JSON as the main thread, in
 * the order asked, across two worker threads (started from the TypeScript sources via tsx).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createPhishPool } from '../../src/cli/phish-pool.js';
import { analyzePhish, renderText, toJson } from '../../src/phish/index.js';

const fixtures = new URL('../fixtures/phish/', import.meta.url);

test('two workers give exactly what the main thread gives, message by message', async () => {
  const pool = createPhishPool({
    script: new URL('../helpers/tsx-worker.mjs', import.meta.url),
    workerData: { tsxScript: new URL('../../src/cli/phish-worker.ts', import.meta.url).href },
    size: 2,
  });
  assert.ok(pool, 'a pool of two workers');
  try {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
    assert.ok(files.length >= 4);
    const results = await Promise.all(
      files.flatMap((f) => {
        const bytes = readFileSync(new URL(f, fixtures));
        return [pool.analyse(f, bytes, true), pool.analyse(f, bytes, false)];
      }),
    );
    for (const [i, f] of files.entries()) {
      const report = await analyzePhish(readFileSync(new URL(f, fixtures)));
      assert.equal(results[2 * i]!.out, `${JSON.stringify(toJson(f, report))}\n`);
      assert.equal(results[2 * i + 1]!.out, renderText(f, report));
      assert.equal(results[2 * i]!.flagged, report.verdict !== 'clean');
    }
  } finally {
    await pool.close();
  }
});

test('no built worker script: no pool (the command analyses on the main thread)', () => {
  assert.equal(createPhishPool({ script: new URL('./no-such-worker.js', import.meta.url), size: 2 }), null);
});
