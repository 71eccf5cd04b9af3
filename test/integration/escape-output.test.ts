/**
 * Issue 11 item 2 end to end: hostile strings from each kind of outside source (a DNSBL TXT
 * record served by rbldnsd, an SMTP banner and reply, a mail Subject and attachment name, a DSN
 * field) reach the text output of the real commands shown, never obeyed: no raw ESC, C1, DEL
 * or bidi control on stdout (the `| cat -v` check of the issue, as an assertion).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { hasUnsafeCharacters } from '../../src/core/sanitize.js';
import { type RbldnsdServer, startRbldnsd } from '../helpers/rbldnsd.js';
import { type ScriptedServer, startScriptedSmtp, tableScript } from '../helpers/scripted-smtp.js';

const ESCAPES = '\x1b]0;pwned\x07\x1b[2J';

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const chunks: Buffer[] = [];
  const sink = () =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        callback();
      },
    });
  const io: CliIo = {
    stdout: sink(),
    stderr: new Writable({ write: (_c, _e, cb) => cb() }),
    stdin: Readable.from([]),
    env: {},
  };
  const code = await main(args, io);
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

function assertShownNotObeyed(stdout: string): void {
  const raw = stdout.split('\n').filter((line) => hasUnsafeCharacters(line));
  assert.deepEqual(raw, [], 'no line may carry a raw control or bidi character');
  assert.match(stdout, /\\x1b\]0;pwned\\x07\\x1b\[2J/, 'the sequence is shown visibly');
}

let dir: string;
let dns: RbldnsdServer;
let smtp: ScriptedServer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mxd-escape-'));
  dns = await startRbldnsd({
    zones: [
      {
        zone: 'hostile.mxd.test',
        datasets: [
          { type: 'ip4set', lines: [`:127.0.0.2:Listed ${ESCAPES} see https://x.test/$`, '127.0.0.2'] },
        ],
      },
    ],
  });
  smtp = await startScriptedSmtp(
    tableScript({
      greeting: `220 mx.test.example ESMTP ${ESCAPES}\r\n`,
      replies: {
        EHLO: `250-mx.test.example\r\n250 ${ESCAPES}\r\n`,
        MAIL: '250 2.1.0 Ok\r\n',
        RCPT: `550 5.1.1 ${ESCAPES} unknown\r\n`,
        RSET: '250 Ok\r\n',
        QUIT: '221 Bye\r\n',
      },
    }),
  );
});

after(async () => {
  await dns?.stop();
  await smtp?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('hostile outside strings in text output', () => {
  it('phish: the Subject of the issue (printf ... > x.eml; mxdoctor phish x.eml | cat -v)', async () => {
    const file = join(dir, 'x.eml');
    writeFileSync(file, `Subject: ${ESCAPES} hi\r\n\r\nx`);
    const { stdout } = await run(['phish', file]);
    assertShownNotObeyed(stdout);
  });

  it('check: a DNSBL TXT record served by rbldnsd', async () => {
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, JSON.stringify([{ zone: 'hostile.mxd.test', name: 'Hostile', kind: 'ip' }]));
    const { code, stdout } = await run([
      'check',
      '127.0.0.2',
      '--resolver',
      `${dns.host}:${dns.port}`,
      '--catalog',
      catalog,
    ]);
    assert.equal(code, 1, stdout);
    assertShownNotObeyed(stdout);
  });

  it('probe: an SMTP banner and replies (with the transcript)', async () => {
    const { stdout } = await run(['probe', `127.0.0.1:${smtp.port}`, '--domain', 'test.example', '-v']);
    assertShownNotObeyed(stdout);
  });

  it('bounce: a DSN Diagnostic-Code and Subject', async () => {
    const file = join(dir, 'dsn.eml');
    const dsn = [
      'From: MAILER-DAEMON@mx.test.example',
      `Subject: Undelivered Mail ${ESCAPES}`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.test.example',
      '',
      'Final-Recipient: rfc822; user@test.example',
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 ${ESCAPES} no such user`,
      '--b--',
      '',
    ].join('\r\n');
    writeFileSync(file, dsn);
    const { stdout } = await run(['bounce', file]);
    assertShownNotObeyed(stdout);
  });

  it('every text renderer imports the one sanitiser', () => {
    // src/render/* except HTML (escaped as markup) and src/<capability>/render*.ts.
    const src = new URL('../../src/', import.meta.url);
    const files = readdirSync(src, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory()
        ? readdirSync(new URL(`${d.name}/`, src))
            .filter((f) => (d.name === 'render' || f.startsWith('render')) && !/\.test\.ts$|html/.test(f))
            .map((f) => `${d.name}/${f}`)
        : [],
    );
    assert.ok(files.length >= 7, files.join(' '));
    for (const file of files) {
      const source = readFileSync(new URL(file, src), 'utf8');
      assert.match(source, /from '\.\.\/core\/sanitize\.js'/, `src/${file} must use src/core/sanitize.ts`);
    }
  });
});
