import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configFromFlags, parseMonitorConfig } from './config.js';
import schema from './config-schema.json' with { type: 'json' };
import { checkTargetName, configTargets, TARGET_NAME_PATTERN } from './config-sync.js';

const yaml = `interval: 30m
zones: [bl.mxd.test]
digest: 6h
groups:
  - name: mail
    interval: 15m
    records: true
    targets: [192.0.2.1, 198.51.100.0/30, example.com]
alerts:
  - type: webhook
    url: http://127.0.0.1:9/hook
  - type: email
    smtp: { host: 127.0.0.1, port: 2525 }
    from: mxdoctor@example.com
    to: [admin@example.com]
`;

describe('parseMonitorConfig', () => {
  test('a YAML file: groups with their own interval, a default group, alerts', () => {
    const config = parseMonitorConfig(yaml, 'serve.yaml');
    assert.equal(config.groups.length, 2);
    assert.deepEqual(config.groups[0], {
      name: 'mail',
      intervalMs: 900_000,
      zones: ['bl.mxd.test'],
      targets: ['192.0.2.1', '198.51.100.0/30', 'example.com'],
      records: true,
      smtp: false,
    });
    assert.equal(config.groups[1]?.name, 'default');
    assert.equal(config.groups[1]?.intervalMs, 1_800_000);
    assert.equal(config.digestHours, 6);
    assert.deepEqual(config.alerts[0], { kind: 'webhook', url: 'http://127.0.0.1:9/hook' });
    assert.equal(config.alerts[1]?.kind, 'email');
  });

  test('a bad duration names the key and its line', () => {
    const bad = yaml.replace('interval: 15m', 'interval: 15x');
    assert.throws(() => parseMonitorConfig(bad, 'serve.yaml'), /serve\.yaml:6: groups\[0\]\.interval: .*15x/);
  });

  test('an unknown key names itself and its line', () => {
    assert.throws(
      () => parseMonitorConfig('groups:\n  - name: a\n    targets: []\n    intervall: 1h\n', 's.yml'),
      /s\.yml:4: groups\[0\]\.intervall: unknown key/,
    );
  });

  test('a bad target names its index', () => {
    assert.throws(
      () => parseMonitorConfig('groups:\n  - name: a\n    targets: [192.0.2.1, "not a target!"]\n', 's.yml'),
      /s\.yml:3: groups\[0\]\.targets\[1\]: .*not an IP/,
    );
  });

  test('TOML: the same config, errors with the line of the key', () => {
    const toml = `interval = "1h"\n\n[[groups]]\nname = "a"\ntargets = ["192.0.2.1"]\n\n[[groups]]\nname = "b"\ninterval = "5 minutes"\ntargets = []\n`;
    assert.throws(() => parseMonitorConfig(toml, 'serve.toml'), /serve\.toml:9: groups\[1\]\.interval/);
    const ok = parseMonitorConfig(toml.replace('5 minutes', '5m'), 'serve.toml');
    assert.deepEqual(
      ok.groups.map((g) => [g.name, g.intervalMs]),
      [
        ['a', 3_600_000],
        ['b', 300_000],
        ['default', 3_600_000],
      ],
    );
  });

  test('named targets: YAML and TOML entries { target, name } next to plain ones', () => {
    const named = parseMonitorConfig(
      'groups:\n  - name: mail\n    targets:\n      - 192.0.2.1\n      - { target: 2001:DB8::1, name: mail-out-1 }\n',
      'n.yaml',
    );
    assert.deepEqual(named.groups[0]?.targets, ['192.0.2.1', '2001:DB8::1']);
    assert.deepEqual(named.groups[0]?.names, { '2001:DB8::1': 'mail-out-1' });
    const rows = configTargets(named, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(
      rows.map((r) => [r.target, r.group, r.name, r.source]),
      [
        ['192.0.2.1', 'mail', null, 'config'],
        ['2001:db8::1', 'mail', 'mail-out-1', 'config'],
      ],
    );
    const toml = parseMonitorConfig(
      '[[groups]]\nname = "mail"\ntargets = ["192.0.2.1", { target = "example.com", name = "main domain" }]\n',
      'n.toml',
    );
    assert.deepEqual(toml.groups[0]?.names, { 'example.com': 'main domain' });
  });

  test('a bad name, a bad entry or a target watched twice names the key and its line', () => {
    assert.throws(
      () =>
        parseMonitorConfig(
          'groups:\n  - name: a\n    targets:\n      - 192.0.2.1\n      - { target: 192.0.2.2, name: "bad\\nname" }\n',
          'b.yaml',
        ),
      /b\.yaml:5: groups\[0\]\.targets\[1\]\.name: "bad\\nname" does not match/,
    );
    assert.throws(
      () => parseMonitorConfig('groups:\n  - name: a\n    targets:\n      - { name: x }\n', 'b.yaml'),
      /b\.yaml:4: groups\[0\]\.targets\[0\]: missing required key "target"/,
    );
    assert.throws(
      () => parseMonitorConfig('groups:\n  - name: a\n    targets:\n      - 7\n', 'b.yaml'),
      /b\.yaml:4: groups\[0\]\.targets\[0\]: must be a string or an object, got number 7/,
    );
    assert.throws(
      () =>
        parseMonitorConfig(
          'groups:\n  - name: a\n    targets: [192.0.2.1]\n  - name: b\n    targets:\n      - { target: 192.0.2.01 }\n',
          'b.yaml',
        ),
      /b\.yaml:6: groups\[1\]\.targets\[0\]\.target: .*/,
    );
    assert.throws(
      () =>
        parseMonitorConfig(
          'groups:\n  - name: a\n    targets: [192.0.2.1]\n  - name: b\n    targets:\n      - { target: 192.0.2.1 }\n',
          'b.yaml',
        ),
      /b\.yaml:6: groups\[1\]\.targets\[0\]\.target: 192\.0\.2\.1 is already watched \(groups\[0\]\.targets\[0\]\)/,
    );
  });

  test('the schema and the API check names with the same pattern', () => {
    const items = schema.properties.groups.items.properties.targets.items;
    assert.equal(items.anyOf[1]?.properties?.name?.pattern, TARGET_NAME_PATTERN);
    assert.equal(checkTargetName(' mail-out-1 '), 'mail-out-1');
    assert.throws(() => checkTargetName('x\u001b[31m'), /name/);
    assert.throws(() => checkTargetName('a'.repeat(65)), /name/);
  });

  test('TOML: an item of a multi-line array is found on its own line', () => {
    const toml = [
      '[[groups]]',
      'name = "a"',
      'targets = ["192.0.2.1"]',
      '',
      '[[groups]]',
      'name = "b"',
      'targets = [',
      '  "192.0.2.5", # the "old" relay, [kept]',
      '  { target = "192.0.2.6", name = "mail x" },',
      '  "bad target!",',
      ']',
    ].join('\n');
    assert.throws(
      () => parseMonitorConfig(toml, 't.toml'),
      /^MxError: t\.toml:10: groups\[1\]\.targets\[2\]: bad target!/,
    );
    assert.throws(
      () => parseMonitorConfig(toml.replace('name = "mail x"', 'nmae = "x"'), 't.toml'),
      /t\.toml:9: groups\[1\]\.targets\[1\]\.nmae: unknown key/,
    );
  });

  test('a zone the catalog lacks is named with its line when the caller passes the check', () => {
    const text =
      'zones: [zen.example]\ngroups:\n  - name: a\n    targets: [192.0.2.1]\n    zones:\n      - bl.example\n      - nope.example\n';
    const known = new Set(['zen.example', 'bl.example']);
    const zone = (z: string) => (known.has(z) ? null : 'not in the catalog');
    assert.throws(
      () => parseMonitorConfig(text, 'z.yaml', { zone }),
      /z\.yaml:7: groups\[0\]\.zones\[1\]: not in the catalog/,
    );
    assert.equal(parseMonitorConfig(text, 'z.yaml').groups[0]?.zones?.length, 2);
    assert.throws(
      () => parseMonitorConfig('budgets:\n  zen.example: 10\n  zen.exmaple: 5\n', 'z.yaml', { zone }),
      /z\.yaml:3: budgets\.zen\.exmaple: not in the catalog/,
    );
  });

  test('an e-mail alert with a malformed address names it and its line', () => {
    const text =
      'alerts:\n  - type: email\n    smtp: { host: 127.0.0.1 }\n    from: mxdoctor@example.com\n    to:\n      - admin@example.com\n      - postmaster\n';
    assert.throws(
      () => parseMonitorConfig(text, 'm.yaml'),
      /m\.yaml:7: alerts\[0\]\.to\[1\]: "postmaster" does not match/,
    );
    assert.equal(
      parseMonitorConfig(text.replace('postmaster\n', 'postmaster@example.com\n'), 'm.yaml').alerts.length,
      1,
    );
    const named = text.replace('postmaster\n', '"Postmaster <postmaster@example.com>"\n');
    assert.equal(parseMonitorConfig(named, 'm.yaml').alerts.length, 1);
  });

  test('a syntax error gives the line', () => {
    assert.throws(() => parseMonitorConfig('a: [1,\nb: }', 'x.yaml'), /x\.yaml:\d+: not valid YAML/);
    assert.throws(() => parseMonitorConfig('a = \n', 'x.toml'), /x\.toml:1: not valid TOML/);
  });

  test('an interval below the minimum is refused', () => {
    assert.throws(
      () => parseMonitorConfig('interval: 1s\n', 'x.yaml'),
      /x\.yaml:1: interval: .*out of range/,
    );
  });
});

describe('configFromFlags', () => {
  test('the quick start: one default group, webhooks', () => {
    const config = configFromFlags({ interval: '15m', webhooks: ['http://127.0.0.1:1/x'] });
    assert.deepEqual(
      config.groups.map((g) => [g.name, g.intervalMs]),
      [['default', 900_000]],
    );
    assert.deepEqual(config.alerts, [{ kind: 'webhook', url: 'http://127.0.0.1:1/x' }]);
    assert.throws(() => configFromFlags({ interval: 'soon' }), /--interval: .*not a duration/);
    assert.throws(() => configFromFlags({ webhooks: ['ftp://x'] }), /--webhook/);
  });
});
