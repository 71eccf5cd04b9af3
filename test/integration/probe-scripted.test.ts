/**
 * The probe against scripted loopback servers: what no real MTA here shows (an Exchange 2003
 * greeting, hostile replies, silent or vanishing servers, a broken TLS handshake).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Resolver } from '../../src/dns/types.js';
import { probeExitStatus, probeHost } from '../../src/probe/index.js';
import type { ProbeOptions, ProbeReport } from '../../src/probe/types.js';
import { freeTcpPort } from '../helpers/mta-common.js';
import {
  EXCHANGE_2003_EHLO,
  type Script,
  type ScriptedServer,
  startScriptedSmtp,
  tableScript,
} from '../helpers/scripted-smtp.js';

const servers: ScriptedServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

const FAST: ProbeOptions = {
  domain: 'example.test',
  greetingTimeoutMs: 1000,
  commandTimeoutMs: 1000,
  connectTimeoutMs: 1000,
};

async function probeScript(
  script: Script,
  options: ProbeOptions = {},
): Promise<{ r: ProbeReport; server: ScriptedServer }> {
  const server = await startScriptedSmtp(script);
  servers.push(server);
  const r = await probeHost({ host: server.host, port: server.port }, { ...FAST, ...options });
  return { r, server };
}

const OK_TABLE = {
  EHLO: '250-mx.example.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n',
  MAIL: '250 2.1.0 Ok\r\n',
  RCPT: (l: string) =>
    l.includes('@example.test') && !l.includes('postmaster')
      ? '550 5.1.1 User unknown\r\n'
      : l.includes('postmaster')
        ? '250 2.1.5 Ok\r\n'
        : '554 5.7.1 Relay access denied\r\n',
  RSET: '250 2.0.0 Ok\r\n',
  QUIT: '221 2.0.0 Bye\r\n',
};

describe('probe against scripted servers', () => {
  it('Exchange 2003 accepting everything: accepts, catch-all, and the ESM recipient-filter fix', async () => {
    const { r, server } = await probeScript(
      tableScript({
        greeting:
          '220 mail.example.test Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready at  Thu, 26 Nov 2026 20:00:00 +0000 \r\n',
        replies: {
          EHLO: EXCHANGE_2003_EHLO,
          MAIL: '250 2.1.0 <>....Sender OK\r\n',
          RCPT: (l) => (l.includes('.invalid') ? '550 5.7.1 Unable to relay\r\n' : '250 2.1.5 ok\r\n'),
          RSET: '250 2.0.0 Resetting\r\n',
          VRFY: '252 2.1.5 Cannot VRFY user\r\n',
          QUIT: '221 2.0.0 closing connection\r\n',
        },
      }),
    );
    assert.equal(r.mtaInfo?.id, 'exchange-2003');
    assert.equal(r.mtaInfo?.version, '6.0.3790.4675');
    assert.equal(r.checks.unknownRecipient.verdict, 'accepts');
    assert.equal(r.checks.secondUnknown?.verdict, 'accepts');
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.match(r.remedy!.steps.join('\n'), /Filter recipients who are not in the Directory/);
    assert.match(r.remedy!.steps.join('\n'), /Apply Recipient Filter/);
    const sent = server.received[0]!;
    assert.ok(!sent.some((l) => /^(DATA|BDAT)/i.test(l)), 'never DATA');
    assert.deepEqual(sent.slice(-2), ['RSET', 'QUIT']);
  });

  it('an endless multi-line reply ends in a protocol error, not a hang or a verdict', async () => {
    const { r } = await probeScript((c) => {
      c.send('220 mx.example.test ESMTP\r\n');
      void c.readLine().then(() => {
        const spam = () => {
          if (c.socket.destroyed) return;
          c.send('250-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n'.repeat(50));
          setImmediate(spam);
        };
        spam();
      });
    });
    assert.match(r.error ?? '', /reply longer than 100 lines/);
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
  });

  it('a flood of unsolicited replies is cut off, not queued without bound', async () => {
    const { r } = await probeScript((c) => {
      c.send('220 mx.example.test ESMTP\r\n');
      const flood = () => {
        if (c.socket.destroyed) return;
        c.send('250 ok\r\n'.repeat(200));
        setImmediate(flood);
      };
      void c.readLine().then(flood);
    });
    assert.match(r.error ?? '', /a reply nobody asked for/);
    assert.ok(r.transcript.length <= 401);
  });

  it('a 1 MB reply line is refused at 4 KiB', async () => {
    const { r } = await probeScript((c) => {
      c.send(`220 ${'x'.repeat(1024 * 1024)}\r\n`);
    });
    assert.match(r.error ?? '', /reply line longer than 4096 bytes/);
    assert.equal(r.greeting, null);
  });

  it('a server that never speaks: greeting timeout, no verdict', async () => {
    const { r } = await probeScript(() => {}, { greetingTimeoutMs: 200 });
    assert.equal(r.connected, true);
    assert.match(r.error ?? '', /no greeting: no reply within 200 ms/);
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.equal(r.checks.blocked, null);
  });

  it('a slow drip (one byte at a time) hits the stage deadline', async () => {
    const { r } = await probeScript(
      (c) => {
        const text = '220 mx.example.test ESMTP slowly\r\n';
        let i = 0;
        const timer = setInterval(() => {
          if (c.socket.destroyed || i >= text.length) return clearInterval(timer);
          c.send(text[i++]!);
        }, 40);
      },
      { greetingTimeoutMs: 300 },
    );
    assert.match(r.error ?? '', /no greeting: no reply within 300 ms/);
  });

  it('closed before the greeting is undetermined, not blocked at connect (issue 11 item 1)', async () => {
    const { r } = await probeScript((c) => c.close());
    assert.equal(r.checks.blocked, null);
    assert.match(r.error ?? '', /before any greeting.*whether we are blocked is unknown/);
    assert.equal(probeExitStatus(r), 'undetermined');
  });

  it('a disconnect after the greeting: no verdict, with the reason', async () => {
    const { r } = await probeScript((c) => {
      c.send('220 mx.example.test ESMTP\r\n');
      void c.readLine().then(() => c.close());
    });
    assert.equal(r.greeting, '220 mx.example.test ESMTP');
    assert.match(r.error ?? '', /EHLO: connection closed/);
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
  });

  it('a refused connection: could not connect', async () => {
    const port = await freeTcpPort();
    const r = await probeHost({ host: '127.0.0.1', port }, FAST);
    assert.equal(r.connected, false);
    assert.match(r.error ?? '', /could not connect: ECONNREFUSED/);
  });

  it('a broken TLS handshake is a finding; the checks then run in a new plaintext session', async () => {
    let connections = 0;
    const { r } = await probeScript(async (c) => {
      connections++;
      const tlsRound = connections === 1;
      c.send('220 mx.example.test ESMTP\r\n');
      for (;;) {
        const line = await c.readLine();
        if (line === null) return;
        if (line.startsWith('EHLO'))
          c.send(`250-mx.example.test\r\n${tlsRound ? '250-STARTTLS\r\n' : ''}250 8BITMIME\r\n`);
        else if (line === 'STARTTLS') {
          c.send('220 2.0.0 Ready to start TLS\r\n');
          c.send('this is not a TLS server hello\r\n');
        } else {
          const verb = line.split(/[\s:]/)[0]!;
          const reply = OK_TABLE[verb as keyof typeof OK_TABLE];
          c.send(typeof reply === 'function' ? reply(line) : (reply ?? '502 5.5.2 no\r\n'));
          if (verb === 'QUIT') return c.close();
        }
      }
    });
    assert.equal(r.tls?.attempted, true);
    assert.equal(r.tls?.ok, false);
    assert.match(r.tls?.error ?? '', /TLS handshake failed: the server did not answer with TLS/);
    // OpenSSL's raw error queue (address, code, source path) is never shown.
    assert.doesNotMatch(r.tls?.error ?? '', /:error:|\.c:\d+/);
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.ok(r.transcript.some((l) => l.line.includes('new session: plaintext after the TLS failure')));
  });

  it('a Postfix-style delayed DNSBL refusal at RCPT: blocked at rcpt, no recipient verdict', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: '220 mx.example.test ESMTP Postfix\r\n',
        replies: {
          ...OK_TABLE,
          RCPT: '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.7\r\n',
        },
      }),
    );
    assert.equal(r.checks.blocked?.stage, 'rcpt');
    assert.equal(r.checks.blocked?.zone, 'bl.spamcop.net');
    assert.equal(r.checks.blocked?.ip, '192.0.2.7');
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
  });

  it('EHLO not recognised: falls back to HELO', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: '220 old.example.test SMTP\r\n',
        replies: {
          ...OK_TABLE,
          EHLO: '500 5.5.1 Command unrecognized\r\n',
          HELO: '250 old.example.test\r\n',
        },
      }),
    );
    assert.equal(r.helo?.command, 'HELO');
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });

  it('postmaster refused too: the server refuses us, so no "rejects" verdict', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: '220 mx.example.test ESMTP\r\n',
        replies: { ...OK_TABLE, RCPT: '550 5.1.1 No such user\r\n' },
      }),
    );
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.match(r.checks.unknownRecipient.detail, /postmaster@example\.test was refused too/);
  });

  it('resolves a host name through the Resolver passed in (no node:dns)', async () => {
    const server = await startScriptedSmtp(
      tableScript({ greeting: '220 mx.example.test ESMTP\r\n', replies: OK_TABLE }),
    );
    servers.push(server);
    const asked: string[] = [];
    const resolver: Resolver = {
      stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
      close: () => {},
      query: async (name, type) => {
        asked.push(`${name} ${type}`);
        return { status: 'answer', records: ['127.0.0.1'] as never[], ms: 0 };
      },
    };
    const r = await probeHost({ host: 'mx.example.test', port: server.port }, { ...FAST, resolver });
    assert.deepEqual(asked, ['mx.example.test A']);
    assert.equal(r.ip, '127.0.0.1');
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });

  it('a name that does not resolve: no verdict with the DNS reason', async () => {
    const resolver: Resolver = {
      stats: { sent: 0, retries: 0, answers: 0, timeouts: 0 },
      close: () => {},
      query: async () => ({ status: 'nxdomain', ms: 0 }),
    };
    const r = await probeHost({ host: 'nowhere.example.test', port: 25 }, { ...FAST, resolver });
    assert.equal(r.connected, false);
    assert.match(r.error ?? '', /could not resolve nowhere\.example\.test: nxdomain/);
  });
});
