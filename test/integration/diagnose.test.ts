import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main.js';
import type { DiagnoseItem, DiagnoseReport } from '../../src/diagnose/types.js';
import { captureIo } from '../fixtures/diagnose/cli-io.js';
import { type DiagnoseLab, LAB_DNS_CLIENT, LISTED_IP, startDiagnoseLab } from '../fixtures/diagnose/lab.js';

// Real servers on loopback: NSD (test domains and PTRs), rbldnsd (the lists), a router in front.
// SMTP is covered in diagnose-smtp.test.ts; these runs use --no-smtp.
let lab: DiagnoseLab;
const CLIENT = LAB_DNS_CLIENT;

before(async () => {
  lab = await startDiagnoseLab();
});
after(async () => {
  await lab?.stop();
});

async function diagnoseJson(
  target: string,
  ...extra: string[]
): Promise<{ code: number; report: DiagnoseReport; err: string }> {
  const io = captureIo();
  const args = [
    'diagnose',
    target,
    '--resolver',
    lab.resolver,
    '--catalog',
    lab.catalogFile,
    '--no-smtp',
    '--json',
    ...CLIENT,
    ...extra,
  ];
  const code = await main(args, io);
  return { code, report: JSON.parse(io.out()) as DiagnoseReport, err: io.err() };
}

function find(report: DiagnoseReport, id: string): DiagnoseItem {
  const found = report.items.find((i) => i.id === id);
  assert.ok(found, `no item ${id}; have ${report.items.map((i) => i.id).join(', ')}`);
  return found;
}

describe('mxdoctor diagnose (NSD + rbldnsd on loopback)', () => {
  it('finds nothing to fix on the healthy domain and exits 0', async () => {
    const { code, report, err } = await diagnoseJson('healthy.test');
    assert.equal(code, 0);
    assert.deepEqual(
      report.items.filter((i) => i.status !== 'ok').map((i) => `${i.id}: ${i.title}`),
      [],
    );
    assert.deepEqual(report.topFixes, []);
    assert.deepEqual(
      report.mx.map((h) => [h.exchange, h.addresses]),
      [['mail.healthy.test', ['127.0.0.10']]],
    );
    assert.match(
      find(report, 'rdns.fcrdns:127.0.0.10').evidence.join('\n'),
      /mail\.healthy\.test -> 127\.0\.0\.10/,
    );
    assert.equal(find(report, 'spf.mx:127.0.0.10').status, 'ok');
    assert.equal(report.check.length, 2, 'the domain on the domain lists and the MX address on the IP lists');
    assert.match(err, /mx: done/, 'progress goes to stderr');
  });

  it("finds the broken domain's problems and ranks the listing first", async () => {
    const { code, report } = await diagnoseJson('broken.test');
    assert.equal(code, 1);
    const lookups = find(report, 'spf.lookups');
    assert.equal(lookups.status, 'problem');
    assert.match(lookups.evidence.join('\n'), /TXT s10\.broken\.test/);
    assert.equal(find(report, 'dmarc.record').status, 'problem');
    assert.equal(find(report, `rdns.generic:${LISTED_IP}`).status, 'problem');
    const listed = find(report, `lists.ip:${LISTED_IP}`);
    assert.equal(listed.status, 'problem');
    assert.match(listed.evidence.join('\n'), /Spam source 127\.0\.0\.20/);
    assert.equal(find(report, 'lists.neighbourhood:127.0.0.0/24').status, 'warning');
    assert.deepEqual(
      report.topFixes.map((i) => i.id),
      [`lists.ip:${LISTED_IP}`, 'spf.lookups', 'dmarc.record'],
    );
  });

  it('prints the text report with the fixes first', async () => {
    const io = captureIo();
    const code = await main(
      [
        'diagnose',
        'broken.test',
        '--resolver',
        lab.resolver,
        '--catalog',
        lab.catalogFile,
        '--no-smtp',
        ...CLIENT,
      ],
      io,
    );
    assert.equal(code, 1);
    const out = io.out();
    assert.ok(out.indexOf('Fix these first:') < out.indexOf('== MX records'), out);
    assert.match(out, /1\. PROBLEM\s+127\.0\.0\.20 is listed on 1 blocklist/);
  });

  it('reports a part whose server never answers as unknown and completes the rest', async () => {
    const { code, report } = await diagnoseJson('slow.test', '--timeout', '200');
    assert.equal(code, 0);
    assert.equal(find(report, 'dmarc.record').status, 'unknown');
    assert.equal(find(report, 'spf.record').status, 'ok');
    assert.equal(find(report, 'rdns.fcrdns:127.0.0.30').status, 'ok');
    // 127.0.0.30 sits in the listed /28 of the range list, but is not listed itself.
    assert.equal(find(report, 'lists.ip:127.0.0.30').status, 'ok');
    assert.match(
      find(report, 'lists.neighbourhood:127.0.0.0/24').evidence.join('\n'),
      /your own address is not listed/,
    );
  });

  it('diagnoses a single IP', async () => {
    const { code, report } = await diagnoseJson(LISTED_IP);
    assert.equal(code, 1);
    assert.equal(report.kind, 'ip');
    assert.equal(find(report, `rdns.ptr:${LISTED_IP}`).status, 'ok');
    assert.equal(find(report, `lists.ip:${LISTED_IP}`).status, 'problem');
    assert.ok(!report.items.some((i) => i.section === 'spf' || i.section === 'dmarc'));
  });

  it('exits 3 when no DNS server answers at all', async () => {
    const io = captureIo();
    const code = await main(
      [
        'diagnose',
        'healthy.test',
        '--resolver',
        '127.0.0.1:9',
        '--timeout',
        '100',
        '--catalog',
        lab.catalogFile,
        '--no-smtp',
        '--json',
        ...CLIENT,
      ],
      io,
    );
    assert.equal(code, 3);
    const report = JSON.parse(io.out()) as DiagnoseReport;
    // The resolver is the one problem; every DNS finding is unknown, none invented.
    assert.equal(report.resolver.verdict, 'broken');
    assert.equal(find(report, 'resolver').status, 'problem');
    assert.match(find(report, 'resolver').evidence.join('\n'), /timeout|refused|error/);
    assert.ok(report.items.filter((i) => i.id !== 'resolver').every((i) => i.status === 'unknown'));
  });

  it('exits 2 on bad usage', async () => {
    assert.equal(await main(['diagnose'], captureIo()), 2);
    assert.equal(await main(['diagnose', '192.0.2.0/24', '--no-smtp'], captureIo()), 2);
    assert.equal(await main(['diagnose', 'healthy.test', '--smtp-port', 'x'], captureIo()), 2);
  });
});
