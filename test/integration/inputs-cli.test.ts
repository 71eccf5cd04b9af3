/**
 * The one input reader of the CLI against odd and hostile inputs (generated here): FIFOs and
 * devices named as arguments, files past the size cap, folders with special files, symbolic
 * links and loops, an unreadable subfolder (injected: the tests run as root, who reads anything),
 * a folder of 130,000 files (past V8's argument limit of ~125k that `push(...list)` hit), a
 * million targets, and a check run longer than one batch of targets.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { Dir } from 'node:fs';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { opendir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { MAX_TARGET_LIST_BYTES, NODE_FS, readTargets } from '../../src/cli/inputs.js';
import { main } from '../../src/cli/main.js';
import {
  type FolderFs,
  MAX_MAILBOX_BYTES,
  type MessageSourceItem,
  readMessages,
} from '../../src/cli/read-messages.js';
import { captureCli } from '../helpers/cli-capture.js';
import { type CheckFixture, runCheck, startCheckFixture } from './check-cli.js';

const CLEAN = 'From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: lunch\r\n\r\nNoon?\r\n';
const MANY = 130_000;
/** More than one batch of the check command (16,384 targets), so the batches join up. */
const TARGETS = 20_000;

async function collect(items: AsyncIterable<MessageSourceItem>): Promise<MessageSourceItem[]> {
  const out: MessageSourceItem[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('CLI inputs', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mxd-inputs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a FIFO argument is refused by name, not read, and the next argument still runs', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const mail = join(dir, 'clean.eml');
    writeFileSync(mail, CLEAN);
    const c = captureCli();
    // bounce: the clean mail is "not a bounce" (exit 0 alone), so the 2 is the FIFO's.
    assert.equal(await main(['bounce', fifo, mail, '--json'], c.io), 2);
    assert.equal(c.err(), `mxdoctor bounce: ${fifo}: a FIFO (named pipe), not a regular file: not read\n`);
    assert.equal(JSON.parse(c.out()).file, mail);
  });

  it('a device is refused before a byte is read (/dev/zero never ends)', async () => {
    const c = captureCli();
    assert.equal(await main(['bounce', '/dev/zero'], c.io), 2);
    assert.match(
      c.err(),
      /^mxdoctor bounce: \/dev\/zero: a device, not a regular file: not read \(use - for standard input\)\n$/,
    );
  });

  it('a file past the cap is refused by its size, without reading it', async () => {
    const big = join(dir, 'huge.mbox');
    writeFileSync(big, '');
    truncateSync(big, MAX_MAILBOX_BYTES + 1); // sparse: no disk used, and read it would take a GiB
    const before = process.memoryUsage().rss;
    const c = captureCli();
    assert.equal(await main(['phish', big], c.io), 2);
    assert.match(c.err(), /is larger than the 1073741824-byte limit/);
    assert.ok(process.memoryUsage().rss - before < 256 * 1024 * 1024, 'the file was read');
  });

  it('standard input is read as a stream and refused once past the cap', async () => {
    const stdin = new PassThrough();
    const chunk = `${'a'.repeat(1023)}\n`.repeat(1024);
    let fed = 0;
    const feed = (): void => {
      while (fed <= MAX_TARGET_LIST_BYTES && stdin.write(chunk)) fed += chunk.length;
      if (fed > MAX_TARGET_LIST_BYTES) stdin.end();
      else stdin.once('drain', feed);
    };
    feed();
    const consume = async () => {
      for await (const _ of readTargets(['-'], [], { ...captureCli().io, stdin }));
    };
    await assert.rejects(consume(), /standard input: more than the 67108864-byte limit/);
  });

  it('a folder: special files and dangling links named as skipped, links followed, loops entered once', async () => {
    const box = join(dir, 'box');
    const other = join(dir, 'elsewhere');
    mkdirSync(join(box, 'sub'), { recursive: true });
    mkdirSync(other);
    writeFileSync(join(box, 'a.eml'), CLEAN);
    writeFileSync(join(other, 'linked.eml'), CLEAN);
    symlinkSync(join(other, 'linked.eml'), join(box, 'b-link.eml'));
    symlinkSync(join(dir, 'nowhere.eml'), join(box, 'c-dangling.eml'));
    symlinkSync(box, join(box, 'sub', 'loop'));
    execFileSync('mkfifo', [join(box, 'd-fifo')]);
    const c = captureCli();
    const items = await collect(readMessages([box], c.io));
    const read = items.filter((i) => 'bytes' in i).map((i) => i.name);
    const skipped = items.filter((i) => 'skipped' in i).map((i) => i.name);
    assert.deepEqual(read, [join(box, 'a.eml'), join(box, 'b-link.eml')]);
    assert.deepEqual(skipped.sort(), [
      join(box, 'c-dangling.eml'),
      join(box, 'd-fifo'),
      join(box, 'sub', 'loop'),
    ]);
    assert.equal(items.filter((i) => 'error' in i).length, 0);
  });

  it('an unreadable subfolder is named and skipped; the run goes on', async () => {
    const box = join(dir, 'locked-box');
    mkdirSync(join(box, 'a-locked'), { recursive: true });
    writeFileSync(join(box, 'a-locked', 'hidden.eml'), CLEAN);
    writeFileSync(join(box, 'b.eml'), CLEAN);
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const fs = {
      ...NODE_FS,
      opendir: (path: string): Promise<Dir> =>
        path.endsWith('a-locked') ? Promise.reject(denied) : opendir(path),
    };
    const items = await collect(readMessages([box], captureCli().io, fs));
    assert.deepEqual(
      items.map((i) => ('error' in i ? `error ${i.error}` : i.name)),
      [`error ${join(box, 'a-locked')}: permission denied`, join(box, 'b.eml')],
    );
  });

  it('an empty folder is said, with exit 2, in bounce and phish', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    for (const command of ['bounce', 'phish']) {
      const c = captureCli();
      assert.equal(await main([command, empty], c.io), 2, command);
      assert.equal(c.err(), `mxdoctor ${command}: no message found in ${empty}\n`);
      assert.equal(c.out(), '');
    }
  });

  it(`a folder of ${MANY} files streams through (no argument-list overflow)`, async () => {
    // A simulated folder (creating 130,000 real files takes minutes on a busy overlay disk):
    // the walk and the reads go through the same code, only the system calls are stand-ins.
    const file = { isFile: () => true, size: 1 };
    const handle = { stat: async () => file, readFile: async () => Buffer.from('x'), close: async () => {} };
    let served = 0;
    const folder = {
      read: async () => (served < MANY ? { name: `m${served++}`, isFile: () => true } : null),
      close: async () => {},
    };
    const fs = {
      ...NODE_FS,
      stat: async () => ({ isDirectory: () => true, dev: 1, ino: 1 }),
      opendir: async () => folder,
      open: async () => handle,
      // No synchronous fast path: every read goes through the stand-in `open`.
      readSmallSync: undefined,
    } as unknown as FolderFs;
    let count = 0;
    for await (const item of readMessages(['/big'], captureCli().io, fs)) if ('bytes' in item) count++;
    assert.equal(count, MANY);
  });

  it('a million targets from a file stream through the reader', async () => {
    const list = join(dir, 'million.txt');
    const line = '192.0.2.1, 192.0.2.2 # two a line\n';
    writeFileSync(list, line.repeat(500_000));
    let count = 0;
    for await (const chunk of readTargets([], [list], captureCli().io)) count += chunk.length;
    assert.equal(count, 1_000_000);
  });
});

describe('check -f with more targets than one batch', () => {
  let fixture: CheckFixture;
  before(async () => {
    fixture = await startCheckFixture();
  });
  after(() => fixture.stop());

  it('streams every target through and prints one NDJSON line each', { timeout: 300_000 }, async () => {
    const list = join(fixture.dir, 'targets.txt');
    const lines: string[] = ['# generated'];
    for (let i = 0; i < TARGETS; i++) lines.push(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    writeFileSync(list, `${lines.join('\n')}\n`);
    const r = await runCheck([
      ...fixture.baseArgs,
      '--zones',
      'bl.mxd.test',
      '--no-txt',
      '--json',
      '-f',
      list,
    ]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trimEnd().split('\n');
    assert.equal(out.length, TARGETS + 1);
    assert.equal(JSON.parse(out[0]!).kind, 'run');
    const last = TARGETS - 1;
    assert.equal(JSON.parse(out.at(-1)!).target, `10.${last >> 16}.${(last >> 8) & 255}.${last & 255}`);
  });
});
