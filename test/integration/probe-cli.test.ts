/** `mxdoctor probe` in-process: flags, JSON shape, exit codes (0 ok, 1 problem, 2 usage, 3 no verdict). */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import { parseHostTarget } from '../../src/cli/probe.js';
import type { Resolver } from '../../src/dns/types.js';
import { lookupMxHosts } from '../../src/probe/index.js';
import { captureCli } from '../helpers/cli-capture.js';
import { freeTcpPort } from '../helpers/mta-common.js';
import { type ScriptedServer, startScriptedSmtp, tableScript } from '../helpers/scripted-smtp.js';

const capture = () => captureCli();

function server(unknownReply: string) {
  return startScriptedSmtp(
    tableScript({
      greeting: '220 mx.example.test ESMTP Postfix (Debian/GNU)\r\n',
      replies: {
        EHLO: '250-mx.example.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n',
        MAIL: '250 2.1.0 Ok\r\n',
        RCPT: (l) =>
          l.includes('mxdoctor-probe-')
            ? unknownReply
            : l.includes('relay')
              ? '454 4.7.1 Relay access denied\r\n'
              : '250 2.1.5 Ok\r\n',
        RSET: '250 2.0.0 Ok\r\n',
        QUIT: '221 2.0.0 Bye\r\n',
      },
    }),
  );
}

let strict: ScriptedServer;
let open: ScriptedServer;
before(async () => {
  strict = await server(
    '550 5.1.1 <x>: Recipient address rejected: User unknown in local recipient table\r\n',
  );
  open = await server('250 2.1.5 Ok\r\n');
});
after(async () => {
  await strict.stop();
  await open.stop();
});

describe('mxdoctor probe', () => {
  it('exit 0 and a readable report when unknown recipients are rejected', async () => {
    const c = capture();
    const code = await main(['probe', `127.0.0.1:${strict.port}`, '--domain', 'example.test'], c.io);
    assert.equal(code, 0);
    assert.match(c.out(), /unknown recipient +REJECTS +550 5\.1\.1/);
    assert.match(c.out(), /open relay +REFUSED +454 4\.7\.1/);
  });

  it('exit 1 with --json fields and the remedy when unknown recipients are accepted', async () => {
    const c = capture();
    const code = await main(
      ['probe', '127.0.0.1', '--smtp-port', String(open.port), '--domain', 'example.test', '--json'],
      c.io,
    );
    assert.equal(code, 1);
    const r = JSON.parse(c.out());
    for (const key of ['host', 'ip', 'port', 'greeting', 'mta', 'tls', 'remedy', 'transcript'])
      assert.ok(key in r, key);
    assert.equal(r.checks.unknownRecipient.verdict, 'accepts');
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.equal(r.checks.blocked, null);
    assert.equal(r.mta, 'Postfix');
    assert.match(r.remedy.text, /smtpd_reject_unlisted_recipient/);
  });

  it('several targets: one JSON object per line, in the order given', async () => {
    const c = capture();
    const code = await main(
      ['probe', `127.0.0.1:${strict.port}`, `127.0.0.1:${open.port}`, '--domain', 'example.test', '--json'],
      c.io,
    );
    assert.equal(code, 1);
    const lines = c.out().trim().split('\n');
    assert.equal(lines.length, 2);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).port),
      [strict.port, open.port],
    );
  });

  it('-v prints the transcript with client lines marked', async () => {
    const c = capture();
    await main(['probe', `127.0.0.1:${strict.port}`, '--domain', 'example.test', '-v'], c.io);
    assert.match(c.out(), /ms > EHLO /);
    assert.match(c.out(), /ms {3}220 mx\.example\.test ESMTP Postfix/);
  });

  it('exit 3 when nothing answers', async () => {
    const c = capture();
    const port = await freeTcpPort();
    assert.equal(await main(['probe', `127.0.0.1:${port}`, '--connect-timeout', '500'], c.io), 3);
    assert.match(c.out(), /could not connect/);
  });

  it('exit 2 for bad usage or input', async () => {
    assert.equal(await main(['probe'], capture().io), 2);
    assert.equal(await main(['probe', 'not a host!'], capture().io), 2);
    assert.equal(await main(['probe', '127.0.0.1', '--smtp-port', '70000'], capture().io), 2);
    assert.equal(await main(['probe', '127.0.0.1', '--from', 'no-at-sign'], capture().io), 2);
  });

  it('--mx: every MX in preference order, with the domain for the recipients', async () => {
    const resolver: Resolver = {
      stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
      close: () => {},
      query: async () => ({
        status: 'answer',
        records: [
          { preference: 20, exchange: 'MX2.example.test.' },
          { preference: 10, exchange: 'mx1.example.test' },
        ] as never[],
        ms: 0,
      }),
    };
    const found = await lookupMxHosts('Example.TEST', resolver);
    assert.deepEqual(found.hosts, [
      { host: 'mx1.example.test', domain: 'example.test' },
      { host: 'mx2.example.test', domain: 'example.test' },
    ]);
  });

  it('target syntax: HOST, HOST:PORT, [IPv6]:PORT', () => {
    assert.deepEqual(parseHostTarget('mail.example.test', 25), { host: 'mail.example.test', port: 25 });
    assert.deepEqual(parseHostTarget('192.0.2.1:2525', 25), { host: '192.0.2.1', port: 2525 });
    assert.deepEqual(parseHostTarget('[2001:db8::1]:587', 25), { host: '2001:db8::1', port: 587 });
    assert.deepEqual(parseHostTarget('2001:db8::1', 25), { host: '2001:db8::1', port: 25 });
  });
});
