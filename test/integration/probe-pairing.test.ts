/**
 * Issue 11 item 1: a verdict is only ever drawn from the reply that answers the command it
 * judges. Scripted loopback servers that answer late, answer twice, split replies, close with
 * 421, send garbage, or delay the greeting; and the per-host session deadline.
 */
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { probeExitStatus, probeHost } from '../../src/probe/index.js';
import type { ProbeOptions, ProbeReport } from '../../src/probe/types.js';
import { freeTcpPort } from '../helpers/mta-common.js';
import {
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
  domain: 'test.example',
  greetingTimeoutMs: 1000,
  commandTimeoutMs: 1000,
  connectTimeoutMs: 1000,
  tls: false,
};

/** A strict server: unknown recipients 550, postmaster 250, relaying refused, VRFY disabled. */
const STRICT = {
  EHLO: '250-mx.test.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n',
  VRFY: '502 5.5.1 VRFY command is disabled\r\n',
  EXPN: '502 5.5.2 Error: command not recognized\r\n',
  MAIL: '250 2.1.0 Ok\r\n',
  RCPT: (l: string) =>
    l.includes('postmaster@')
      ? '250 2.1.5 Ok\r\n'
      : l.includes('@test.example')
        ? '550 5.1.1 User unknown\r\n'
        : '554 5.7.1 Relay access denied\r\n',
  RSET: '250 2.0.0 Ok\r\n',
  QUIT: '221 2.0.0 Bye\r\n',
};
const GREETING = '220 mx.test.example ESMTP\r\n';
/** VRFY enabled: its late 250 read as MAIL's answer shifted every later reply (the ACCEPTS). */
const VRFY_ON = { ...STRICT, VRFY: '250 2.1.5 Postmaster <postmaster@test.example>\r\n' };

async function probeScript(
  script: Script,
  options: ProbeOptions = {},
): Promise<{ r: ProbeReport; server: ScriptedServer }> {
  const server = await startScriptedSmtp(script);
  servers.push(server);
  const r = await probeHost({ host: server.host, port: server.port }, { ...FAST, ...options });
  return { r, server };
}

/** The commands a server got, once the client's last line (sent as it closed) has arrived. */
async function settled(lines: string[]): Promise<string[]> {
  for (let i = 0; i < 50 && lines.at(-1) !== 'QUIT'; i++) await new Promise((r) => setTimeout(r, 20));
  return lines;
}

function assertNoFalseVerdict(r: ProbeReport): void {
  assert.notEqual(r.checks.unknownRecipient.verdict, 'accepts', 'no false "accepts unknown recipients"');
  assert.notEqual(r.checks.openRelay.verdict, 'open', 'no false "open relay"');
  assert.notEqual(probeExitStatus(r), 'problem');
}

describe('reply pairing against hostile or slow servers', () => {
  it('VRFY answered after the step timeout: no false ACCEPTS/OPEN; a new session without VRFY gives the verdicts', async () => {
    const { r, server } = await probeScript(
      tableScript({ greeting: GREETING, replies: VRFY_ON, delays: { VRFY: 1500 } }),
    );
    assertNoFalseVerdict(r);
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.equal(r.checks.vrfy.enabled, null);
    assert.match(r.checks.vrfy.reply ?? '', /no reply within 1000 ms/);
    // The first session sent nothing after VRFY but QUIT; the second never asked VRFY.
    const [first, second] = server.received;
    assert.deepEqual((await settled(first!)).slice(-2), ['VRFY postmaster', 'QUIT']);
    assert.ok(second && !second.some((l) => /^(VRFY|EXPN)/.test(l)));
    assert.ok(r.transcript.some((l) => l.line.includes('new session: without VRFY/EXPN')));
  });

  it('a late reply to RCPT ends the session: no verdict from any later reply, nothing but QUIT sent', async () => {
    const { r, server } = await probeScript(
      tableScript({ greeting: GREETING, replies: STRICT, delays: { RCPT: 1500 } }),
    );
    assertNoFalseVerdict(r);
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.match(r.checks.unknownRecipient.detail, /RCPT TO: no reply within 1000 ms/);
    const sent = await settled(server.received[0]!);
    assert.equal(sent.filter((l) => l.startsWith('RCPT')).length, 1);
    assert.equal(sent.at(-1), 'QUIT');
    assert.ok(!sent.includes('RSET'), 'no RSET whose reply could be the late RCPT answer');
  });

  it('pipelined extra replies (EHLO answered twice) end the session with a protocol error', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: GREETING,
        replies: { ...STRICT, EHLO: '250 mx.test.example\r\n250 2.0.0 extra\r\n250 2.1.0 extra\r\n' },
      }),
    );
    assertNoFalseVerdict(r);
    assert.match(r.error ?? '', /a reply nobody asked for/);
    assert.equal(r.checks.vrfy.enabled, null, 'the extra 250 is not read as the VRFY answer');
  });

  it('a reply split across packets is one reply', async () => {
    const { r } = await probeScript(async (c) => {
      c.send('22');
      await new Promise((resolve) => setTimeout(resolve, 30));
      c.send('0 mx.test.example ESMTP\r');
      await new Promise((resolve) => setTimeout(resolve, 30));
      c.send('\n');
      await tableScript({ greeting: '', replies: STRICT })(c);
    });
    assert.equal(r.greeting, '220 mx.test.example ESMTP');
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });

  it('421 at RCPT: the server closing is no verdict (exit 3), not a tempfail read as "ok"', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: GREETING,
        replies: { ...STRICT, RCPT: '421 4.4.2 mx.test.example Error: timeout exceeded\r\n' },
      }),
    );
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.match(r.error ?? '', /RCPT TO: the server closed the session: 421/);
    assert.equal(probeExitStatus(r), 'undetermined');
  });

  it('garbage lines are a protocol error, never a verdict', async () => {
    const { r } = await probeScript(
      tableScript({ greeting: GREETING, replies: { ...STRICT, MAIL: 'hello there\r\n' } }),
    );
    assertNoFalseVerdict(r);
    assert.match(r.error ?? '', /malformed reply line/);
  });

  it('a greeting after the greeting timeout: no verdict, and the late 220 answers nothing', async () => {
    const { r, server } = await probeScript(
      tableScript({ greeting: GREETING, replies: STRICT, greetingDelayMs: 700 }),
      { greetingTimeoutMs: 300 },
    );
    assert.match(r.error ?? '', /no greeting: no reply within 300 ms/);
    assert.equal(r.greeting, null);
    assert.ok(
      (await settled(server.received[0]!)).every((l) => l === 'QUIT'),
      'nothing but QUIT sent',
    );
    assert.equal(probeExitStatus(r), 'undetermined');
  });

  it('the session deadline ends a slow but never-silent server', async () => {
    const { r } = await probeScript(
      tableScript({
        greeting: GREETING,
        replies: STRICT,
        delays: { EHLO: 250, VRFY: 250, EXPN: 250, MAIL: 250, RCPT: 250 },
      }),
      { sessionDeadlineMs: 700 },
    );
    assertNoFalseVerdict(r);
    assert.match(r.error ?? '', /session deadline reached/);
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
  });

  it('--source binds the connection to that local address, and the report names it', async () => {
    let seen = '';
    const { r } = await probeScript(
      (c) => {
        seen = c.socket.remoteAddress ?? '';
        return tableScript({ greeting: GREETING, replies: STRICT })(c);
      },
      { source: '127.0.0.2' },
    );
    assert.equal(seen, '127.0.0.2');
    assert.equal(r.sourceIp, '127.0.0.2');
    assert.equal(r.trustedSource, true);
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const sink = () => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        callback();
      },
    });
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = sink();
  const err = sink();
  const io: CliIo = { stdout: out.stream, stderr: err.stream, stdin: Readable.from([]), env: {} };
  const code = await main(args, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

describe('mxdoctor probe: exit codes of the hostile cases', () => {
  it('the reproduction of issue 11 item 1 (VRFY answered after 1.5 s, 1 s timeout): exit 0, no ACCEPTS/OPEN', async () => {
    const server = await startScriptedSmtp(
      tableScript({ greeting: GREETING, replies: VRFY_ON, delays: { VRFY: 1500 } }),
    );
    servers.push(server);
    const args = [
      'probe',
      `127.0.0.1:${server.port}`,
      '--domain',
      'test.example',
      '--command-timeout',
      '1000',
      '-v',
    ];
    const { code, stdout } = await cli(args);
    assert.doesNotMatch(stdout, /unknown recipient\s+ACCEPTS|open relay\s+OPEN/);
    assert.match(stdout, /unknown recipient\s+REJECTS/);
    assert.equal(code, 0, stdout);
  });

  it('a close before the greeting: exit 3, not "blocked at connect"', async () => {
    const server = await startScriptedSmtp((c) => c.close());
    servers.push(server);
    const { code, stdout } = await cli(['probe', `127.0.0.1:${server.port}`, '--domain', 'test.example']);
    assert.equal(code, 3, stdout);
    assert.match(stdout, /blocked at connect unknown/);
  });

  it('connection refused (issue 10 item 6): exit 3, "unknown", the error printed once', async () => {
    const port = await freeTcpPort();
    const { code, stdout, stderr } = await cli(['probe', `127.0.0.1:${port}`]);
    assert.equal(code, 3);
    assert.match(stdout, /blocked at connect unknown/);
    assert.equal(`${stdout}${stderr}`.split('ECONNREFUSED').length - 1, 1, stdout + stderr);
  });
});
