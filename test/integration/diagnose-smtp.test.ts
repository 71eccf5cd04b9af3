import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { DiagnoseItem, DiagnoseReport } from '../../src/diagnose/types.js';
import { captureIo } from '../fixtures/diagnose/cli-io.js';
import { type DiagnoseLab, LAB_DNS_CLIENT, startDiagnoseLab } from '../fixtures/diagnose/lab.js';
import { freeTcpPort, makeStateDir, waitForBanner } from '../helpers/mta-common.js';
import { type PostfixVariant, startPostfix, stopPostfix } from '../helpers/mta-postfix.js';

// diagnose with its SMTP part against real Postfix instances on 127.0.0.1 (the probe engineer's
// harness): example.test's MX is mx.example.test -> 127.0.0.1, PTR 127.0.0.1 -> mx.example.test.
const CLIENT = LAB_DNS_CLIENT;
let lab: DiagnoseLab;
const servers: { variant: PostfixVariant; port: number; pid: number; dir: string }[] = [];

async function start(variant: PostfixVariant): Promise<number> {
  const dir = makeStateDir(`mxd-diag-${variant}-`);
  const port = await freeTcpPort();
  // Postfix never needs DNS here (no peer-name lookup, SMTP client DNS disabled): a dead address will do.
  const pid = await startPostfix(variant, dir, port, '127.0.0.1');
  servers.push({ variant, port, pid, dir });
  await waitForBanner(port, 20_000);
  return port;
}

before(async () => {
  lab = await startDiagnoseLab();
});
after(async () => {
  for (const s of servers) {
    await stopPostfix(s.pid);
    rmSync(s.dir, { recursive: true, force: true });
  }
  await lab?.stop();
});

async function diagnoseSmtp(port: number): Promise<{ code: number; report: DiagnoseReport }> {
  const io = captureIo();
  const code = await main(
    [
      'diagnose',
      'example.test',
      '--resolver',
      lab.resolver,
      '--catalog',
      lab.catalogFile,
      '--smtp-port',
      String(port),
      '--json',
      ...CLIENT,
    ],
    io,
  );
  return { code, report: JSON.parse(io.out()) as DiagnoseReport };
}

function find(report: DiagnoseReport, id: string): DiagnoseItem {
  const found = report.items.find((i) => i.id === id);
  assert.ok(found, `no item ${id}; have ${report.items.map((i) => `${i.id}=${i.status}`).join(', ')}`);
  return found;
}

describe('mxdoctor diagnose with SMTP (Postfix on loopback)', () => {
  it('finds the backscatter-prone MX, but from loopback (a source Postfix trusts) asks to confirm from outside', async () => {
    const port = await start('postfix-backscatter');
    const { code, report } = await diagnoseSmtp(port);
    // A warning, not a problem: diagnose exits 0 on warnings (README exit codes).
    assert.equal(code, 0);
    const backscatter = find(report, 'smtp.backscatter:127.0.0.1');
    assert.equal(backscatter.status, 'warning');
    assert.match(backscatter.title, /confirm from outside/);
    assert.match(backscatter.fix ?? '', /outside/i);
    assert.equal(report.probe[0]!.trustedSource, true);
    assert.equal(find(report, 'smtp.relay:127.0.0.1').status, 'ok');
    // The PTR is asked of the DNS server: the hosts file would have said "localhost".
    assert.match(find(report, 'rdns.ptr:127.0.0.1').evidence.join('\n'), /-> mx\.example\.test$/m);
    assert.equal(find(report, 'rdns.greeting:127.0.0.1').status, 'ok');
    assert.equal(report.probe.length, 1);
    assert.equal(report.probe[0]!.port, port);
    assert.ok(report.topFixes.some((f) => f.id === 'smtp.backscatter:127.0.0.1'));
  });

  it('passes a strict MX (unknown recipients rejected at RCPT, STARTTLS offered)', async () => {
    const port = await start('postfix-strict');
    const { report } = await diagnoseSmtp(port);
    assert.equal(find(report, 'smtp.backscatter:127.0.0.1').status, 'ok');
    assert.equal(find(report, 'smtp.relay:127.0.0.1').status, 'ok');
    const tls = find(report, 'smtp.tls:127.0.0.1');
    // The harness's certificate is self-signed: STARTTLS works, the certificate is a warning.
    assert.match(tls.title, /self-signed/);
    assert.match(tls.evidence.join('\n'), /publishes MTA-STS/);
    assert.deepEqual(
      report.items.filter((i) => i.status === 'problem').map((i) => i.id),
      [],
    );
  });

  it('reads an MX that refuses connections as unknown, not as a problem', async () => {
    const closed = await freeTcpPort();
    const { report } = await diagnoseSmtp(closed);
    assert.equal(find(report, 'smtp.connect:127.0.0.1').status, 'unknown');
    assert.equal(find(report, 'spf.record').status, 'ok');
  });
});
