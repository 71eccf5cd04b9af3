/**
 * The worker pool of `phish` and `bounce` over many messages: the same text and JSON as the main
 * thread, in the order asked, across two worker threads (started from the TypeScript sources
 * through a tsx bootstrap), and the in-order runner that switches to it.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeBounce, renderText as renderBounceText } from '../../src/bounce/index.js';
import {
  createMessagePool,
  type MessagePoolOptions,
  OrderedAnalysis,
  POOL_AFTER_MESSAGES,
} from '../../src/cli/message-pool.js';
import { analyzePhish, renderText, toJson } from '../../src/phish/index.js';

const fixtures = (dir: string) => new URL(`../fixtures/${dir}/`, import.meta.url);
const messages = (dir: string) =>
  readdirSync(fixtures(dir))
    .filter((f) => f.endsWith('.eml'))
    .map((f) => ({ name: f, bytes: readFileSync(new URL(f, fixtures(dir))) }));

function viaTsx(command: 'phish' | 'bounce', json: boolean): MessagePoolOptions {
  return {
    command,
    json,
    size: 2,
    script: new URL('../helpers/tsx-worker.mjs', import.meta.url),
    workerData: { tsxScript: new URL('../../src/cli/message-worker.ts', import.meta.url).href },
  };
}

test('phish: two workers give exactly what the main thread gives, message by message', async () => {
  for (const json of [true, false]) {
    const pool = createMessagePool(viaTsx('phish', json));
    assert.ok(pool, 'a pool of two workers');
    try {
      const input = messages('phish');
      assert.ok(input.length >= 4);
      const results = await Promise.all(input.map((m) => pool.analyse(m.name, m.bytes)));
      for (const [i, m] of input.entries()) {
        const report = await analyzePhish(m.bytes);
        const expected = json ? `${JSON.stringify(toJson(m.name, report))}\n` : renderText(m.name, report);
        assert.equal(results[i]!.out, expected);
        assert.equal(results[i]!.flagged, report.verdict !== 'clean');
      }
    } finally {
      await pool.close();
    }
  }
});

test('bounce: the in-order runner switches to workers and keeps order and output', async () => {
  const input = messages('bounce');
  assert.ok(input.length > POOL_AFTER_MESSAGES, 'enough messages to start the pool');
  const seen: string[] = [];
  const run = new OrderedAnalysis(
    async () => {
      throw new Error('only the pool may analyse here');
    },
    viaTsx('bounce', false),
    async (name, outcome) => {
      seen.push(name);
      const report = analyzeBounce(readFileSync(new URL(name, fixtures('bounce'))));
      assert.equal(outcome.out, renderBounceText(name, report));
      assert.equal(outcome.flagged, report.isBounce);
      assert.equal(outcome.recipients, report.recipients.length);
    },
  ).withInlineFirst(0);
  for (const m of input) await run.add(m.name, m.bytes);
  await run.finish();
  assert.deepEqual(
    seen,
    input.map((m) => m.name),
  );
});

test('no built worker script: no pool (the command analyses on the main thread)', () => {
  const script = new URL('./no-such-worker.js', import.meta.url);
  assert.equal(createMessagePool({ command: 'phish', json: true, script, size: 2 }), null);
});
