/**
 * The probe against real Postfix 3.7 and Exim 4.96 (Debian packages) on loopback, one instance
 * per behaviour, started by test/helpers/mta.ts from temp dirs. Expected replies:
 * research/mta-lab-transcripts.md.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { probeHost } from '../../src/probe/index.js';
import type { ProbeOptions, ProbeReport } from '../../src/probe/types.js';
import { type MtaLab, type MtaVariant, startMtas } from '../helpers/mta.js';

const VARIANTS: MtaVariant[] = [
  'postfix-strict',
  'postfix-backscatter',
  'postfix-tempfail',
  'postfix-dnsbl',
  'postfix-openrelay',
  'exim-strict',
  'exim-backscatter',
  'exim-tempfail',
  'exim-dnsbl',
  'exim-slowgreet',
];

let lab: MtaLab;

function probe(
  variant: MtaVariant,
  options: ProbeOptions = {},
  host = 'mx.example.test',
): Promise<ProbeReport> {
  const m = lab.mtas[variant]!;
  return probeHost(
    { host, ip: m.host, port: m.port },
    { domain: 'example.test', helo: 'probe.lab.test', ...options },
  );
}

function clientLines(r: ProbeReport): string[] {
  return r.transcript.filter((l) => l.from === 'client').map((l) => l.line);
}

function assertNeverData(r: ProbeReport): void {
  for (const line of clientLines(r))
    assert.doesNotMatch(line, /^(DATA|BDAT)\b/i, 'the probe must never send DATA');
  const rcpts = clientLines(r).filter((l) => l.startsWith('RCPT')).length;
  assert.ok(rcpts <= 4, `at most 4 RCPTs, got ${rcpts}`);
}

before(async () => {
  lab = await startMtas(VARIANTS);
});

after(async () => {
  await lab?.stop();
});

describe('probe against real Postfix', () => {
  it('strict: rejects unknown recipients, 454 relay refusal counts as refused, STARTTLS self-signed', async () => {
    const r = await probe('postfix-strict');
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.match(r.checks.unknownRecipient.reply!, /^550 5\.1\.1 .*User unknown in local recipient table/);
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.match(r.checks.openRelay.reply!, /^454 4\.7\.1 .*Relay access denied/);
    assert.equal(r.checks.control?.verdict, 'accepts');
    assert.equal(r.checks.blocked, null);
    assert.equal(r.mtaInfo?.id, 'postfix');
    assert.equal(r.remedy, null);
    assert.equal(r.tls?.ok, true);
    assert.equal(r.tls?.selfSigned, true);
    assert.equal(r.tls?.nameMatches, true);
    assert.match(r.tls?.protocol ?? '', /^TLSv1\.[23]$/);
    assert.equal(r.checks.vrfy.enabled, false);
    assert.match(r.checks.vrfy.reply!, /^502 5\.5\.1/);
    // RFC 3207: EHLO again after the handshake, and the checks ran inside TLS.
    const lines = clientLines(r);
    assert.equal(lines.filter((l) => l.startsWith('EHLO')).length, 2);
    assert.deepEqual(lines.slice(-2), ['RSET', 'QUIT']);
    assertNeverData(r);
  });

  it('strict with --no-tls: STARTTLS offered but not tried', async () => {
    const r = await probe('postfix-strict', { tls: false });
    assert.equal(r.tls?.offered, true);
    assert.equal(r.tls?.attempted, false);
    assert.ok(!clientLines(r).includes('STARTTLS'));
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });

  it('backscatter: accepts unknown recipients, both random names, and names the Postfix fix', async () => {
    const r = await probe('postfix-backscatter');
    assert.equal(r.checks.unknownRecipient.verdict, 'accepts');
    assert.match(r.checks.unknownRecipient.reply!, /^250 2\.1\.5 Ok/);
    assert.equal(r.checks.secondUnknown?.verdict, 'accepts');
    assert.match(r.checks.unknownRecipient.detail, /backscatterer\.org/);
    assert.equal(r.remedy?.mta, 'Postfix');
    assert.match(r.remedy!.steps.join(' '), /local_recipient_maps/);
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assertNeverData(r);
  });

  it('tempfail: greylisting is inconclusive, never "rejects"', async () => {
    const r = await probe('postfix-tempfail');
    assert.equal(r.checks.unknownRecipient.verdict, 'tempfail');
    assert.match(r.checks.unknownRecipient.reply!, /^450 4\.2\.0 .*Greylisted/);
  });

  it('dnsbl: 554 at connect names zen.spamhaus.org and our IP; Postfix then answers QUIT', async () => {
    const r = await probe('postfix-dnsbl');
    assert.ok(r.checks.blocked);
    assert.equal(r.checks.blocked.stage, 'greeting');
    assert.equal(r.checks.blocked.zone, 'zen.spamhaus.org');
    assert.match(r.checks.blocked.list ?? '', /spamhaus/i);
    assert.equal(r.checks.blocked.ip, '127.0.0.1');
    assert.match(
      r.checks.blocked.reply,
      /^554 5\.7\.1 Service unavailable; Client host \[127\.0\.0\.1\] blocked using zen\.spamhaus\.org/,
    );
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.deepEqual(clientLines(r), ['QUIT']);
    assert.ok(r.transcript.some((l) => l.from === 'server' && l.line.startsWith('221')));
  });

  it('open relay: a foreign recipient is accepted', async () => {
    const r = await probe('postfix-openrelay');
    assert.equal(r.checks.openRelay.verdict, 'open');
    // Debian Postfix trusts loopback (mynetworks 127.0.0.0/8): the acceptance must say so.
    assert.equal(r.trustedSource, true);
    assert.equal(r.sourceIp, '127.0.0.1');
    assert.match(
      r.checks.openRelay.detail,
      /^Accepted from this address, which the server may trust; probe from outside to confirm \(127\.0\.0\.1: loopback\)/,
    );
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.match(r.remedy?.text ?? '', /reject_unauth_destination/);
    assertNeverData(r);
  });

  it('derives the recipient domain from the greeting when probing a bare IP', async () => {
    const m = lab.mtas['postfix-strict']!;
    const r = await probeHost({ host: m.host, port: m.port }, { tls: false, helo: 'probe.lab.test' });
    assert.match(r.checks.unknownRecipient.address ?? '', /@example\.test$/);
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
  });
});

describe('probe against real Exim', () => {
  it('strict: 550 Unrouteable address rejects; 550 relay not permitted; version 4.96', async () => {
    const r = await probe('exim-strict');
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.equal(r.checks.unknownRecipient.reply, '550 Unrouteable address');
    assert.equal(r.checks.openRelay.verdict, 'refused');
    assert.equal(r.checks.openRelay.reply, '550 relay not permitted');
    assert.equal(r.mtaInfo?.id, 'exim');
    assert.equal(r.mtaInfo?.version, '4.96');
    assert.equal(r.tls?.ok, true);
    assertNeverData(r);
  });

  it('backscatter: 250 Accepted for an unknown user, with the Exim fix', async () => {
    const r = await probe('exim-backscatter');
    assert.equal(r.checks.unknownRecipient.verdict, 'accepts');
    assert.equal(r.checks.unknownRecipient.reply, '250 Accepted');
    assert.match(r.remedy?.text ?? '', /verify = recipient/);
    // From loopback (Exim's relay_from_hosts is often 127.0.0.1): the acceptance carries the note.
    assert.equal(r.trustedSource, true);
    assert.match(r.checks.unknownRecipient.detail, /probe from outside to confirm/);
  });

  it('tempfail: 451 is inconclusive', async () => {
    const r = await probe('exim-tempfail');
    assert.equal(r.checks.unknownRecipient.verdict, 'tempfail');
    assert.match(r.checks.unknownRecipient.reply!, /^451 Greylisted/);
  });

  it('dnsbl: a multi-line 550 greeting naming Barracuda, then Exim closes', async () => {
    const r = await probe('exim-dnsbl');
    assert.ok(r.checks.blocked);
    assert.equal(r.checks.blocked.stage, 'greeting');
    assert.equal(r.checks.blocked.zone, 'b.barracudacentral.org');
    assert.equal(r.checks.blocked.ip, '127.0.0.1');
    assert.equal(r.checks.blocked.reply.split('\n').length, 3);
    assert.match(
      r.checks.blocked.reply,
      /^550-rejected because 127\.0\.0\.1 is in a black list at b\.barracudacentral\.org\n550-/,
    );
    assert.match(r.greeting ?? '', /\n550 http:\/\/www\.barracudanetworks\.com\/reputation/);
    assert.equal(r.checks.openRelay.verdict, 'no-verdict');
  });

  it('slow greeting: waits for the delayed banner and still gets a verdict', async () => {
    const r = await probe('exim-slowgreet', { tls: false });
    assert.equal(r.checks.unknownRecipient.verdict, 'rejects');
    assert.ok((r.greetingMs ?? 0) >= 1500, `greeting delay reported: ${r.greetingMs} ms`);
  });

  it('a short greeting timeout against the slow greeting gives no verdict, not a clean result', async () => {
    const r = await probe('exim-slowgreet', { greetingTimeoutMs: 300 });
    assert.equal(r.checks.unknownRecipient.verdict, 'no-verdict');
    assert.match(r.error ?? '', /no greeting: no reply within 300 ms/);
  });
});
