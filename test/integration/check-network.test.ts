/**
 * `mxdoctor check` when the network is not kind (issue 10 items 1-3): lists whose health cannot
 * be established, dead lists among live ones, and resolvers that lie, refuse or are not there.
 * Scripted DNS servers on loopback play the resolver; the built-in catalog's zones are only
 * query names sent to them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type DnsScript,
  deadUdpPort,
  SCRIPTS,
  type ScriptedDns,
  startScriptedDns,
} from '../helpers/scripted-dns.js';
import { type CliRun, runCheck } from './check-cli.js';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'mxd-check-net-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function catalogFile(zones: string[]): string {
  const file = join(dir, `catalog-${zones.join('-')}.json`);
  writeFileSync(file, JSON.stringify(zones.map((zone) => ({ zone, name: zone, kind: 'ip' }))));
  return file;
}

async function withDns(script: DnsScript, work: (dns: ScriptedDns) => Promise<void>): Promise<void> {
  const dns = await startScriptedDns(script);
  try {
    await work(dns);
  } finally {
    await dns.stop();
  }
}

const lines = (run: CliRun) => run.stdout.trimEnd().split('\n');
/** NDJSON; a lone target report may still be pretty-printed after the run line (older CLI). */
function jsonLines(run: CliRun): Record<string, unknown>[] {
  const [first = '', ...rest] = run.stdout.trim().split('\n');
  const tail = rest.join('\n');
  if (!tail.startsWith('{\n')) return [first, ...rest].map((l) => JSON.parse(l) as Record<string, unknown>);
  return [JSON.parse(first) as Record<string, unknown>, JSON.parse(tail) as Record<string, unknown>];
}

/** A list that answers properly: 127.0.0.2 listed, everything else NXDOMAIN. */
const liveList: DnsScript = (name) =>
  name.startsWith('2.0.0.127.') ? { rcode: 'NOERROR', a: ['127.0.0.2'] } : { rcode: 'NXDOMAIN' };

describe('check: a list whose health is not established is never clean', () => {
  test('test point 127.0.0.2 never answered, NXDOMAIN otherwise: unverified, exit 3', async () => {
    await withDns(SCRIPTS.silentFor('2.0.0.127.'), async (dns) => {
      const base = ['--resolver', `${dns.host}:${dns.port}`, '--catalog', catalogFile(['quiet.test'])];
      const json = await runCheck(['192.0.2.1', ...base, '--timeout', '300', '--json']);
      assert.equal(json.code, 3, json.stderr);
      const report = jsonLines(json).find((o) => o.target === '192.0.2.1') as {
        results: { status: string; error: string }[];
        summary: Record<string, number>;
      };
      assert.equal(report.results[0]?.status, 'unverified');
      assert.match(report.results[0]?.error ?? '', /127\.0\.0\.2/);
      assert.equal(report.summary.clean, 0);
      assert.equal(report.summary.unverified, 1);
      const text = await runCheck(['192.0.2.1', ...base, '--timeout', '300']);
      assert.equal(text.code, 3);
      assert.doesNotMatch(text.stdout, /not listed on/);
      assert.match(text.stdout, /UNVERIFIED/);
    });
  });
});

describe('check: a dead list among live ones', () => {
  test('costs one deadline per run, not one query per target', async () => {
    const script: DnsScript = (name, type) =>
      name.endsWith('.dead.test') ? 'drop' : type === 'NS' ? { rcode: 'REFUSED' } : liveList(name, type);
    await withDns(script, async (dns) => {
      const catalog = catalogFile(['live.test', 'dead.test']);
      const run = await runCheck([
        '198.51.100.0/28',
        '--resolver',
        `${dns.host}:${dns.port}`,
        '--catalog',
        catalog,
        '--timeout',
        '300',
        '--json',
      ]);
      const deadTargets = dns.received.filter((q) => q.endsWith('.dead.test') && !q.includes('.0.0.127.'));
      assert.deepEqual(deadTargets, [], 'no target is asked of the dead list');
      const reports = jsonLines(run).filter((o) => o.kind === 'ip') as {
        results: { zone: string; status: string }[];
      }[];
      assert.equal(reports.length, 16);
      for (const r of reports) {
        assert.equal(r.results.find((x) => x.zone === 'live.test')?.status, 'clean');
        assert.equal(r.results.find((x) => x.zone === 'dead.test')?.status, 'unverified');
      }
      assert.equal(run.code, 0, 'the live list answered for every target');
    });
  });
});

describe('check: a broken resolver is said once, first, and stops the run', () => {
  const twoTargets = ['192.0.2.1', '192.0.2.2'];

  test('NXDOMAIN for everything: at most 15 lines, the resolver first, exit 3, no target asked', async () => {
    await withDns(SCRIPTS.nxdomainEverything, async (dns) => {
      const run = await runCheck([
        ...twoTargets,
        '--resolver',
        `${dns.host}:${dns.port}`,
        '--timeout',
        '2000',
      ]);
      assert.equal(run.code, 3, run.stderr);
      assert.ok(lines(run).length <= 15, run.stdout);
      assert.match(lines(run)[0] ?? '', /resolver.*NXDOMAIN for everything/);
      assert.equal(dns.received.filter((q) => q.includes('.2.0.192.')).length, 0, 'no target was queried');
    });
  });

  test('a /24 through that resolver stops before its 256 targets, exit 3', async () => {
    await withDns(SCRIPTS.nxdomainEverything, async (dns) => {
      const run = await runCheck([
        '192.0.2.0/24',
        '--resolver',
        `${dns.host}:${dns.port}`,
        '--timeout',
        '2000',
      ]);
      assert.equal(run.code, 3);
      assert.ok(lines(run).length <= 15, run.stdout);
      assert.equal(dns.received.filter((q) => q.includes('.2.0.192.')).length, 0);
    });
  });

  test('nothing listening on the resolver port: at most 15 lines, the resolver first, exit 3', async () => {
    const port = await deadUdpPort();
    const run = await runCheck([...twoTargets, '--resolver', `127.0.0.1:${port}`, '--timeout', '300']);
    assert.equal(run.code, 3, run.stderr);
    assert.ok(lines(run).length <= 15, run.stdout);
    assert.match(lines(run)[0] ?? '', /resolver.*does not answer/);
  });

  test('REFUSED for everything: the resolver named, exit 3', async () => {
    await withDns(SCRIPTS.refuseEverything, async (dns) => {
      const run = await runCheck([
        ...twoTargets,
        '--resolver',
        `${dns.host}:${dns.port}`,
        '--timeout',
        '2000',
      ]);
      assert.equal(run.code, 3);
      assert.match(lines(run)[0] ?? '', /resolver.*refuses/);
    });
  });

  test('--json: a run-level object first, with the verdict and the reason', async () => {
    await withDns(SCRIPTS.nxdomainEverything, async (dns) => {
      const run = await runCheck([...twoTargets, '--resolver', `${dns.host}:${dns.port}`, '--json']);
      assert.equal(run.code, 3);
      const [first, ...rest] = jsonLines(run);
      assert.equal(first?.kind, 'run');
      const resolver = first?.resolver as { verdict: string; cause: string };
      assert.equal(resolver.verdict, 'broken');
      assert.equal(resolver.cause, 'nxdomain-everything');
      assert.equal((first?.stopped as { targets: number } | undefined)?.targets, 2);
      assert.equal(rest.length, 0);
    });
  });
});
