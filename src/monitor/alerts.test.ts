import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { alertTitle, mailMessage, redact, slackBody, teamsBody, webhookBody } from './alerts.js';
import { retryDelayMs } from './outbox.js';
import type { AlertDetail } from './ports.js';
import { firstDelayMs } from './scheduler.js';

const detail: AlertDetail = {
  kind: 'listed',
  target: '192.0.2.0/30',
  group: 'mail',
  zone: 'bl.test',
  listName: 'Test <BL>',
  address: '192.0.2.1',
  codes: ['127.0.0.2'],
  meaning: 'spam source',
  txt: 'Listed, see https://bl.test/?ip=192.0.2.1',
  delist: 'https://bl.test/delist',
  policy: 'Request removal.',
  summary: '',
};

describe('alert payloads', () => {
  test('every format carries target, list, meaning, TXT, delist link and policy', () => {
    const hook = JSON.parse(webhookBody('k1', '2026-01-01T00:00:00Z', detail)) as Record<string, unknown>;
    assert.deepEqual(hook, {
      type: 'mxdoctor.alert',
      version: 1,
      id: 'k1',
      at: '2026-01-01T00:00:00Z',
      event: 'listed',
      title: '192.0.2.0/30 (192.0.2.1) is listed on Test <BL>',
      target: '192.0.2.0/30',
      name: null,
      group: 'mail',
      address: '192.0.2.1',
      list: { zone: 'bl.test', name: 'Test <BL>' },
      codes: ['127.0.0.2'],
      meaning: 'spam source',
      txt: 'Listed, see https://bl.test/?ip=192.0.2.1',
      delist: 'https://bl.test/delist',
      policy: 'Request removal.',
      summary: null,
    });
    for (const text of [
      slackBody(detail),
      teamsBody(detail),
      mailMessage('k1', 'a@x.test', ['b@x.test'], detail).text,
    ]) {
      for (const part of [
        '192.0.2.0/30',
        '192.0.2.1',
        'bl.test',
        '127.0.0.2',
        'spam source',
        'Listed, see https://bl.test/?ip=192.0.2.1',
        'https://bl.test/delist',
        'Request removal.',
        'Group: mail',
      ]) {
        assert.ok(text.includes(part), `${part} missing in ${text}`);
      }
    }
    assert.match(slackBody(detail), /Test &lt;BL&gt;/);
    const teams = JSON.parse(teamsBody(detail)) as {
      attachments: { contentType: string; content: { actions?: { type: string; url: string }[] } }[];
    };
    assert.equal(teams.attachments[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(teams.attachments[0]?.content.actions, [
      { type: 'Action.OpenUrl', title: 'Delisting', url: 'https://bl.test/delist' },
    ]);
    const odd = JSON.parse(teamsBody({ ...detail, delist: 'javascript:alert(1)' })) as typeof teams;
    assert.equal(odd.attachments[0]?.content.actions, undefined);
    assert.match(
      mailMessage('k1', 'a@x.test', ['b@x.test'], detail).headers['Message-ID'] ?? '',
      /^<[0-9a-f]{32}@/,
    );
  });

  test('a named target is called by its name, the target and address beside it', () => {
    const named = { ...detail, targetName: 'office range' };
    assert.equal(alertTitle(named), 'office range (192.0.2.0/30: 192.0.2.1) is listed on Test <BL>');
    assert.equal(
      alertTitle({ ...named, target: '192.0.2.1', kind: 'delisted' }),
      'office range (192.0.2.1) is no longer listed on Test <BL>',
    );
    const hook = JSON.parse(webhookBody('k', 'now', named)) as { name: string };
    assert.equal(hook.name, 'office range');
    assert.match(mailMessage('k', 'a@x.test', ['b@x.test'], named).subject, /^\[mxdoctor\] office range \(/);
  });

  test('redact removes secrets and URL paths', () => {
    assert.equal(
      redact('POST https://hooks.slack.com/services/T0/B0/XYZ failed', []),
      'POST https://hooks.slack.com/[redacted] failed',
    );
    assert.equal(redact('auth failed for hunter22', ['hunter22']), 'auth failed for [redacted]');
  });

  test('retries back off from 30 s to at most 1 h', () => {
    assert.deepEqual([1, 2, 3].map(retryDelayMs), [30_000, 60_000, 120_000]);
    assert.equal(retryDelayMs(20), 3_600_000);
  });

  test('scheduler: due one interval after the last start; an unfinished cycle runs at once', () => {
    const g = { name: 'g', intervalMs: 3_600_000 };
    const now = Date.parse('2026-01-01T00:30:00Z');
    assert.equal(firstDelayMs(g, undefined, now), 0);
    const last = {
      id: 1,
      group: 'g',
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:01:00.000Z',
    };
    assert.equal(firstDelayMs(g, last, now), 1_800_000);
    assert.equal(firstDelayMs(g, { ...last, finishedAt: null }, now), 0);
  });
});
