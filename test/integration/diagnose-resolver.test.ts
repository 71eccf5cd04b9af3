/**
 * `mxdoctor diagnose` through a resolver that does not work (issue 10 item 4): the resolver is
 * the one problem (exit 3), every DNS part `unknown`, never "register the domain"; and `--html`
 * into a missing folder fails before the diagnosis (exit 2).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { DiagnoseReport } from '../../src/diagnose/types.js';
import { captureIo } from '../fixtures/diagnose/cli-io.js';
import { deadUdpPort, SCRIPTS, startScriptedDns } from '../helpers/scripted-dns.js';

async function diagnose(resolver: string, ...extra: string[]) {
  const io = captureIo();
  const code = await main(
    ['diagnose', 'example.com', '--resolver', resolver, '--no-smtp', '--timeout', '300', ...extra],
    io,
  );
  return { code, out: io.out(), err: io.err() };
}

describe('diagnose: a resolver that does not work', () => {
  it('NXDOMAIN for everything: the resolver is the problem, exit 3, no "register" advice', async () => {
    const dns = await startScriptedDns(SCRIPTS.nxdomainEverything);
    try {
      const text = await diagnose(`${dns.host}:${dns.port}`);
      assert.equal(text.code, 3, text.err);
      assert.doesNotMatch(text.out, /register/i);
      assert.doesNotMatch(text.out, /no SPF|no DMARC/i);
      assert.match(text.out, /1\. PROBLEM +the DNS resolver does not work/);
      assert.match(text.out, /NXDOMAIN/);
      const json = await diagnose(`${dns.host}:${dns.port}`, '--json');
      const report = JSON.parse(json.out.trim().split('\n')[0]!) as DiagnoseReport;
      assert.equal(json.code, 3);
      assert.equal(report.resolver.verdict, 'broken');
      assert.deepEqual(
        report.topFixes.map((i) => i.id),
        ['resolver'],
      );
      for (const i of report.items.filter((x) => x.id !== 'resolver'))
        assert.equal(i.status, 'unknown', i.id);
      assert.equal(
        dns.received.filter((q) => q.includes('example.com')).length,
        0,
        'the domain was not judged',
      );
    } finally {
      await dns.stop();
    }
  });

  it('nothing listening on the resolver port: exit 3, the resolver named', async () => {
    const port = await deadUdpPort();
    const run = await diagnose(`127.0.0.1:${port}`);
    assert.equal(run.code, 3, run.err);
    assert.match(run.out, /the DNS resolver does not work/);
    assert.match(run.out, /does not answer/);
    assert.doesNotMatch(run.out, /register/i);
  });

  it('--html into a missing folder fails before the diagnosis, exit 2', async () => {
    const dns = await startScriptedDns(SCRIPTS.nxdomainEverything);
    try {
      const run = await diagnose(`${dns.host}:${dns.port}`, '--html', '/nonexistent-mxd-dir/report.html');
      assert.equal(run.code, 2);
      assert.match(run.err, /--html .*nonexistent-mxd-dir.* does not exist/);
      assert.deepEqual(dns.received, [], 'no DNS query was made');
    } finally {
      await dns.stop();
    }
  });
});
