/**
 * `bounce` over a folder in batches (src/cli/message-batch-run.ts): with two worker threads
 * (started from the TypeScript sources through a tsx bootstrap) and the main thread sharing the
 * batches, stdout and stderr are exactly those of the main thread alone, in input order, with
 * unreadable and skipped entries named in their places and an mbox split into its messages.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { analyzeBounce } from '../../src/bounce/index.js';
import { analyseBounceMessage } from '../../src/cli/bounce-outcome.js';
import { analyseInBatches, BATCH_INPUTS } from '../../src/cli/message-batch-run.js';
import type { BatchPoolOptions } from '../../src/cli/message-pool.js';
import { captureCli } from '../helpers/cli-capture.js';

const fixtures = new URL('../fixtures/bounce/', import.meta.url);
let dir = '';
let expectedFiles: string[] = [];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mxd-batch-'));
  const box = join(dir, 'box');
  mkdirSync(box);
  const files = readdirSync(fixtures)
    .filter((f) => f.endsWith('.eml'))
    .sort();
  // Enough files for several batches on each thread.
  for (let i = 0; i < 4 * BATCH_INPUTS + 7; i++) {
    const name = `m${String(i).padStart(3, '0')}-${files[i % files.length]}`;
    copyFileSync(new URL(files[i % files.length]!, fixtures), join(box, name));
  }
  const one = readFileSync(new URL(files[0]!, fixtures), 'latin1');
  writeFileSync(
    join(box, 'm050-mbox'),
    `From a@b Mon Jan 1 00:00:00 2024\n${one}\nFrom a@b Mon Jan 1 00:00:00 2024\n${one}`,
  );
  symlinkSync(join(dir, 'nowhere.eml'), join(box, 'm060-dangling.eml'));
  execFileSync('mkfifo', [join(box, 'm070-fifo')]);
  writeFileSync(join(box, 'm080-empty.eml'), '');
  expectedFiles = readdirSync(box);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function pool(json: boolean): BatchPoolOptions {
  return {
    command: 'bounce',
    options: { json, colour: false },
    size: 2,
    script: new URL('../helpers/tsx-worker.mjs', import.meta.url),
    workerData: { tsxScript: new URL('../../src/cli/message-worker.ts', import.meta.url).href },
  };
}

async function runBox(json: boolean, withPool: boolean) {
  const c = captureCli();
  const counts = await analyseInBatches('bounce', [join(dir, 'box')], c.io, {
    analyse: analyseBounceMessage({}, json, false),
    pool: withPool ? pool(json) : null,
    // With the pool, only the workers analyse: what is compared is theirs.
    mainAnalyses: !withPool,
  });
  return { counts, out: c.out(), err: c.err() };
}

test('two workers give what the main thread alone gives, in order', async () => {
  assert.ok(expectedFiles.length > 4 * BATCH_INPUTS);
  for (const json of [true, false]) {
    const alone = await runBox(json, false);
    const shared = await runBox(json, true);
    assert.equal(shared.out, alone.out);
    assert.equal(shared.err, alone.err);
    assert.deepEqual(shared.counts, alone.counts);
  }
});

test('the output is each message analysed in name order; errors and skips named on stderr', async () => {
  const { out, err, counts } = await runBox(true, true);
  const lines = out
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; kind: string });
  const box = join(dir, 'box');
  assert.deepEqual(
    lines.slice(0, 3).map((l) => l.file),
    ['m000', 'm001', 'm002'].map((p) => join(box, expectedFiles.find((f) => f.startsWith(p))!)),
  );
  assert.deepEqual(
    lines.filter((l) => l.file.includes('m050-mbox')).map((l) => l.file),
    [`${join(box, 'm050-mbox')}#1`, `${join(box, 'm050-mbox')}#2`],
  );
  const first = lines[0]!;
  const report = analyzeBounce(readFileSync(first.file));
  assert.equal(first.kind, report.kind);
  assert.match(err, /m060-dangling\.eml: skipped, a dangling symbolic link/);
  assert.match(err, /m070-fifo: skipped, a FIFO \(named pipe\), not a regular file/);
  assert.equal(counts.messages, lines.length);
  assert.equal(counts.warnings >= 1, true, 'the empty file is analysed with a warning');
});

test('an mbox argument of many messages (views of one buffer) is shared with the workers whole', async () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.eml'));
  const one = readFileSync(new URL(files[0]!, fixtures), 'latin1');
  const mbox = join(dir, 'many.mbox');
  writeFileSync(mbox, `From a@b Mon Jan 1 00:00:00 2024\n${one}\n`.repeat(2 * BATCH_INPUTS + 5));
  const run = async (withPool: boolean, mainAnalyses: boolean) => {
    const c = captureCli();
    await analyseInBatches('bounce', [mbox], c.io, {
      analyse: analyseBounceMessage({}, true, false),
      pool: withPool ? pool(true) : null,
      mainAnalyses,
    });
    return c.out();
  };
  const alone = await run(false, true);
  assert.equal(alone.trimEnd().split('\n').length, 2 * BATCH_INPUTS + 5);
  assert.equal(await run(true, false), alone);
  assert.equal(await run(true, true), alone);
});
