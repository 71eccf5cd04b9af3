/**
 * `mxdoctor serve` end to end, as a user runs it: the real process (CLI, SQLite store, monitor,
 * HTTP) against rbldnsd on loopback with a local webhook receiver. A listing added to the zone
 * and a cycle run through the API shows on the API, in /metrics and as one webhook alert; the
 * token, the SSRF guard and a clean SIGTERM hold in the real process.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  ADDRESS,
  fixtureConfig,
  type MonitorFixture,
  startMonitorFixture,
  WATCH,
} from './monitor-fixture.js';

const TOKEN = 'e2e-token-abcdefghijklmnop';
let fx: MonitorFixture;
let dir: string;
let child: ChildProcess;
let base: string;
let stderr = '';

function api(path: string, init: RequestInit = {}, token: string | null = TOKEN): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  if (init.body !== undefined) headers.set('Content-Type', 'application/json');
  return fetch(new URL(path, base), { ...init, headers });
}

/** Runs a cycle through the API and waits for its end (?wait=1). */
async function cycle(): Promise<void> {
  const res = await api('/api/v1/cycle?wait=1', { method: 'POST', body: '{}' });
  assert.equal(res.status, 200, stderr);
}

async function startServe(): Promise<string> {
  const config = join(dir, 'serve.yaml');
  writeFileSync(config, fixtureConfig(fx));
  const catalog = join(dir, 'catalog.json');
  writeFileSync(catalog, JSON.stringify(fx.catalogJson));
  const args = ['--import', 'tsx', 'src/cli/entry.ts', 'serve', '--listen', '127.0.0.1:0', '--json'];
  args.push('--data', join(dir, 'data'), '--config', config, '--catalog', catalog);
  args.push('--resolver', `${fx.server.host}:${fx.server.port}`, '--timeout', '300');
  child = spawn(process.execPath, args, { env: { ...process.env, MXDOCTOR_TOKEN: TOKEN } });
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

before(async () => {
  fx = await startMonitorFixture();
  dir = mkdtempSync(join(tmpdir(), 'mxd-serve-e2e-'));
  base = await startServe();
});

after(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('mxdoctor serve against rbldnsd', () => {
  test('healthz, the dashboard, and 401 without the token', async () => {
    assert.equal((await api('/healthz', {}, null)).status, 200);
    assert.match(await (await api('/', {}, null)).text(), /Targets × lists/);
    const refused = await api('/api/v1/targets', { method: 'POST', body: '{"target":"192.0.2.53"}' }, null);
    assert.equal(refused.status, 401);
    const added = await api('/api/v1/targets', {
      method: 'POST',
      body: '{"target":"192.0.2.53","group":"mail"}',
    });
    assert.equal(added.status, 201);
  });

  test('a listing added to the zone shows on the API, in /metrics and as one webhook alert', async () => {
    await cycle();
    const clean = (await (await api('/api/v1/targets')).json()) as { target: string; state: string }[];
    assert.equal(clean.find((t) => t.target === ADDRESS)?.state, 'clean');
    const alertsBefore = fx.webhook.received.length;
    await fx.setListed(ADDRESS, true);
    // A new listing is confirmed by the next cycle's query before it counts (and alerts).
    await cycle();
    await cycle();
    const views = (await (await api('/api/v1/targets')).json()) as {
      target: string;
      state: string;
      listings: { zone: string; since: string; codes: string[]; txt: string | null; delist: string | null }[];
      checkedAt: string | null;
    }[];
    const view = views.find((t) => t.target === ADDRESS)!;
    assert.equal(view.state, 'listed', JSON.stringify(view));
    assert.equal(view.listings[0]?.zone, WATCH);
    assert.deepEqual(view.listings[0]?.codes, ['127.0.0.2']);
    assert.match(view.listings[0]?.txt ?? '', /Spam source/);
    assert.equal(view.listings[0]?.delist, `https://${WATCH}/delist`);
    const history = (await (await api(`/api/v1/targets/${ADDRESS}/history`)).json()) as {
      zone: string;
      event: string;
    }[];
    assert.deepEqual(
      history.map((e) => [e.zone, e.event]),
      [[WATCH, 'listed']],
    );
    await fx.webhook.waitFor(alertsBefore + 1);
    const listed = fx.webhook.received
      .slice(alertsBefore)
      .filter((h) => (h.body as { event: string }).event === 'listed');
    assert.equal(listed.length, 1);
    const metrics = await (await api('/metrics', {}, null)).text();
    assert.match(
      metrics,
      new RegExp(`^mxdoctor_monitor_listed\\{target="${ADDRESS}",zone="${WATCH}"\\} 1$`, 'm'),
    );
    assert.match(metrics, /^mxdoctor_build_info\{/m);
    assert.doesNotMatch(metrics, /target="192\.0\.2\.53"/);
    const page = await (await api('/', {}, null)).text();
    assert.match(page, new RegExp(`href="https://${WATCH.replaceAll('.', '\\.')}/delist"`));
  });

  test('diagnose of a private address is refused (SSRF)', async () => {
    const res = await api('/api/v1/tools/diagnose', { method: 'POST', body: '{"target":"10.0.0.1"}' });
    assert.equal(res.status, 403);
  });

  test('SIGTERM stops it cleanly: exit 0, the token never in the log', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /SIGTERM: stopping/);
    assert.ok(!stderr.includes(TOKEN));
  });
});
