/**
 * The config sync through the real command: `mxdoctor serve --config` re-reads its watch list on
 * SIGHUP (targets added and renamed; config targets that left the file no longer watched, their
 * history kept; targets added through the API stay), says a broken file's line and keeps the old
 * list, and the same sync runs at the next start. Named targets get their own /metrics series.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ADDRESS, type MonitorFixture, startMonitorFixture, WATCH } from './monitor-fixture.js';
import { AUTH, type Serve, startServe, until } from './monitor-serve-process.js';

let fx: MonitorFixture;
let dir: string;
let serve: Serve | undefined;

const OTHER = '192.0.2.61';
const LEAVING = '192.0.2.62';
const VIA_API = '192.0.2.70';

const config = (targets: string) => `jitter: 0
groups:
  - name: mail
    interval: 1h
    zones: [${WATCH}]
    targets:
${targets}
alerts:
  - type: webhook
    url: ${fx.webhook.url}
`;

before(async () => {
  fx = await startMonitorFixture();
  dir = mkdtempSync(join(tmpdir(), 'mxd-serve-reload-'));
  writeFileSync(
    join(dir, 'serve.yaml'),
    config(`      - { target: ${ADDRESS}, name: mail-out-1 }\n      - ${LEAVING}\n`),
  );
  writeFileSync(join(dir, 'catalog.json'), JSON.stringify(fx.catalogJson));
});
after(async () => {
  if (serve && serve.proc.exitCode === null) serve.proc.kill('SIGKILL');
  await fx?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface View {
  target: string;
  name: string | null;
  checkedAt: string | null;
}

async function targets(s: Serve): Promise<View[]> {
  return (await (await fetch(`${s.url}/api/v1/targets`)).json()) as View[];
}
const summary = (views: View[]) => views.map((v) => [v.target, v.name]).sort();
const wait = (s: Serve, check: () => Promise<boolean>, what: string) => until(check, what, () => s.log());

test('SIGHUP re-reads the watch list; a restart syncs the same way; named targets on /metrics', async () => {
  serve = await startServe(fx, dir);
  const s = serve;
  await fx.setListed(LEAVING, true);
  const added = await fetch(`${s.url}/api/v1/targets`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ target: VIA_API, name: 'from-the-api' }),
  });
  assert.equal(added.status, 201);
  await wait(s, async () => (await targets(s)).every((v) => v.checkedAt !== null), 'the first scans');
  const metrics = await (await fetch(`${s.url}/metrics`)).text();
  assert.match(
    metrics,
    new RegExp(`^mxdoctor_monitor_target_listed\\{target="${ADDRESS}",name="mail-out-1"\\} 0$`, 'm'),
  );
  assert.match(
    metrics,
    /^mxdoctor_monitor_target_last_checked_timestamp_seconds\{target="192\.0\.2\.50",name="mail-out-1"\} \d+/m,
  );
  // The listed, unnamed target: its listing series only; the clean unnamed none at all.
  assert.match(
    metrics,
    new RegExp(`^mxdoctor_monitor_listed\\{target="${LEAVING}",zone="${WATCH}"\\} 1$`, 'm'),
  );
  assert.doesNotMatch(metrics, new RegExp(`mxdoctor_monitor_target_\\w+\\{target="${LEAVING}"`));

  writeFileSync(
    join(dir, 'serve.yaml'),
    config(`      - { target: ${ADDRESS}, name: mail-out-a }\n      - ${OTHER}\n`),
  );
  s.proc.kill('SIGHUP');
  await wait(
    s,
    async () => /SIGHUP: .* reloaded: 1 added, 1 moved or renamed, 1 no longer watched/.test(s.log()),
    'the reload',
  );
  assert.deepEqual(summary(await targets(s)), [
    [ADDRESS, 'mail-out-a'],
    [OTHER, null],
    [VIA_API, 'from-the-api'],
  ]);
  const history = await fetch(`${s.url}/api/v1/changes`);
  assert.ok(
    ((await history.json()) as { target: string }[]).some((e) => e.target === LEAVING),
    'the history of a target that left the file stays',
  );
  const own = await fetch(`${s.url}/api/v1/targets/${LEAVING}/history`);
  assert.equal(own.status, 200);
  assert.deepEqual(
    ((await own.json()) as { event: string }[]).map((e) => e.event),
    ['listed'],
  );
  assert.equal((await fetch(`${s.url}/api/v1/targets/${LEAVING}`)).status, 404);

  // A broken file: its line named, the list unchanged, the server still up.
  writeFileSync(join(dir, 'serve.yaml'), config(`      - { target: ${ADDRESS}, nmae: typo }\n`));
  s.proc.kill('SIGHUP');
  await wait(
    s,
    async () =>
      /SIGHUP: .*serve\.yaml:7: groups\[0\]\.targets\[0\]\.nmae: unknown key.*unchanged/.test(s.log()),
    'the refusal',
  );
  assert.equal((await targets(s)).length, 3);

  // A restart on a file without OTHER: the start-up sync drops it, the API target stays.
  s.proc.kill('SIGTERM');
  assert.equal((await s.exited).code, 0);
  writeFileSync(join(dir, 'serve.yaml'), config(`      - { target: ${ADDRESS}, name: mail-out-a }\n`));
  serve = await startServe(fx, dir);
  const t = serve;
  assert.deepEqual(summary(await targets(t)), [
    [ADDRESS, 'mail-out-a'],
    [VIA_API, 'from-the-api'],
  ]);
  t.proc.kill('SIGTERM');
  assert.equal((await t.exited).code, 0);
});

test('a zone the catalog lacks: serve refuses to start, naming the file, line and key', async () => {
  writeFileSync(
    join(dir, 'serve.yaml'),
    config(`      - ${ADDRESS}\n`).replace(`zones: [${WATCH}]`, 'zones:\n      - watch.mxd.tset'),
  );
  const s = startServe(fx, dir);
  await assert.rejects(
    s,
    /serve\.yaml:6: groups\[0\]\.zones\[0\]: not in the catalog: watch\.mxd\.tset \(did you mean watch\.mxd\.test\?\)/,
  );
});
