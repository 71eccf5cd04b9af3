/** The monitor's named targets, their /metrics series and the config sync, with in-memory ports. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { config, setup, ZONE } from '../../test/helpers/monitor-fakes.js';
import { escapeRegex } from '../core/regex.js';
import { createMemoryStore } from './index.js';

describe('createMonitor: named targets and the config sync', () => {
  test('metrics: per-target series for listed and named targets only; aggregates by group, state and list', async () => {
    const { listed, monitor } = setup({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets: ['192.0.2.1', '192.0.2.2', '192.0.2.3'],
          names: { '192.0.2.2': 'mail-out-1' },
          records: false,
        },
      ],
    });
    listed.add('192.0.2.1');
    await monitor.runCycle();
    let text = await monitor.registry.metrics();
    const named = '{target="192.0.2.2",name="mail-out-1"}';
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listed${escapeRegex(named)} 0$`, 'm'));
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listings${escapeRegex(named)} 0$`, 'm'));
    const checkedAt = Date.parse('2026-01-01T00:00:00Z') / 1000;
    assert.match(
      text,
      new RegExp(
        `^mxdoctor_monitor_target_last_checked_timestamp_seconds${escapeRegex(named)} ${checkedAt}$`,
        'm',
      ),
    );
    assert.match(text, /^mxdoctor_monitor_listed\{target="192\.0\.2\.1",zone="bl\.test"\} 1$/m);
    assert.match(text, /^mxdoctor_monitor_targets\{group="default",state="clean"\} 2$/m);
    assert.match(text, /^mxdoctor_monitor_listings\{zone="bl\.test"\} 1$/m);
    // The clean, unnamed target has no series of its own.
    assert.doesNotMatch(text, /192\.0\.2\.3/);
    assert.doesNotMatch(text, /mxdoctor_monitor_target_listed\{target="192\.0\.2\.1"/);

    listed.add('192.0.2.2');
    await monitor.runCycle();
    text = await monitor.registry.metrics();
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listed${escapeRegex(named)} 1$`, 'm'));
    assert.match(text, new RegExp(`^mxdoctor_monitor_target_listings${escapeRegex(named)} 1$`, 'm'));
    assert.match(text, /^mxdoctor_monitor_listings\{zone="bl\.test"\} 2$/m);

    // A name given through addTarget renames: the series follow at the next scrape, no cycle needed.
    const view = await monitor.addTarget({ target: '192.0.2.3', name: 'backup-mx' });
    assert.equal(view.name, 'backup-mx');
    await assert.rejects(monitor.addTarget({ target: '192.0.2.3', name: 'bad\nname' }), { code: 'usage' });
    assert.match(
      await monitor.registry.metrics(),
      /^mxdoctor_monitor_target_listed\{target="192\.0\.2\.3",name="backup-mx"\} 0$/m,
    );
    await monitor.removeTarget('192.0.2.2');
    assert.doesNotMatch(await monitor.registry.metrics(), /mail-out-1/);
  });

  test('an alert about a named target carries its current name', async () => {
    const { listed, posts, monitor } = setup({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets: ['192.0.2.1'],
          names: { '192.0.2.1': 'mail-out-1' },
          records: false,
        },
      ],
    });
    await monitor.runCycle();
    listed.add('192.0.2.1');
    await monitor.runCycle();
    const alert = posts.find((p) => p.event === 'listed');
    assert.equal(alert?.name, 'mail-out-1');
    assert.equal(alert?.title, 'mail-out-1 (192.0.2.1) is listed on Test BL');
  });

  test('addTarget on a watched target: an explicit group moves it, a name renames it, both left out change nothing', async () => {
    const { monitor } = setup({
      groups: [
        { name: 'default', intervalMs: 3_600_000, zones: [ZONE], targets: [], records: false },
        { name: 'mail', intervalMs: 3_600_000, zones: [ZONE], targets: [], records: false },
      ],
    });
    await monitor.addTarget({ target: '192.0.2.9', name: 'a' });
    const moved = await monitor.addTarget({ target: '192.0.2.9', group: 'mail' });
    assert.deepEqual([moved.group, moved.name], ['mail', 'a']);
    const same = await monitor.addTarget({ target: '192.0.2.9' });
    assert.deepEqual([same.group, same.name], ['mail', 'a']);
    await monitor.stop();
  });

  test('config sync: targets that left the file stop being watched (history kept), API targets stay', async () => {
    const store = createMemoryStore();
    const logged: string[] = [];
    const group = (targets: string[], names?: Record<string, string>) => ({
      groups: [
        {
          name: 'default',
          intervalMs: 3_600_000,
          zones: [ZONE],
          targets,
          records: false,
          ...(names ? { names } : {}),
        },
      ],
    });
    const first = setup(group(['192.0.2.1', '192.0.2.2']), store, logged);
    first.listed.add('192.0.2.2');
    await first.monitor.runCycle();
    await first.monitor.addTarget({ target: '192.0.2.7' });
    assert.equal((await first.monitor.history('192.0.2.2')).length, 1);
    await first.monitor.stop();

    // A restart with 192.0.2.2 gone from the file.
    const second = setup(group(['192.0.2.1']), store, logged);
    assert.deepEqual(
      (await second.monitor.listTargets()).map((t) => t.target),
      ['192.0.2.1', '192.0.2.7'],
    );
    assert.equal(await second.monitor.getTarget('192.0.2.2'), null);
    assert.equal((await second.monitor.history('192.0.2.2')).length, 1, 'its history stays');
    assert.ok(
      logged.some((l) => /1 no longer watched \(left the file; history kept\): 192\.0\.2\.2/.test(l)),
    );

    // A reload (SIGHUP): a target added with a name, one renamed... the API target still stays.
    const result = await second.monitor.reloadTargets(
      config(group(['192.0.2.1', '192.0.2.8'], { '192.0.2.1': 'renamed' })),
    );
    assert.deepEqual(result, { added: ['192.0.2.8'], updated: ['192.0.2.1'], removed: [] });
    assert.equal((await second.monitor.getTarget('192.0.2.1'))?.name, 'renamed');
    assert.ok(await second.monitor.getTarget('192.0.2.7'));
    const dropped = await second.monitor.reloadTargets(config(group([])));
    assert.deepEqual(dropped.removed.sort(), ['192.0.2.1', '192.0.2.8']);
    assert.deepEqual(
      (await second.monitor.listTargets()).map((t) => t.target),
      ['192.0.2.7'],
    );
    await second.monitor.stop();
  });
});
