/**
 * Issue 11 item 2, for every text renderer at once: each string field of a real report is
 * poisoned with terminal escapes, C1 controls, bidi overrides and a newline, and the rendered
 * text must show them, never carry them. A field added later without the sanitiser fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderText as renderBounce } from '../bounce/render.js';
import type { BounceReport } from '../bounce/types.js';
import type { TargetReport } from '../check/types.js';
import { hasUnsafeCharacters } from '../core/sanitize.js';
import type { DiagnoseItem, DiagnoseReport } from '../diagnose/types.js';
import { analyzeMessage } from '../phish/analyze.js';
import { renderText as renderPhish } from '../phish/render.js';
import { renderNagios } from './check-nagios.js';
import { renderCheckText } from './check-text.js';
import { renderDiagnoseText } from './diagnose-text.js';

const EVIL = '\x1b]0;pwned\x07\x1b[2J\x9b2J\x7f\u202eexe.pdf\u2066\r\nFAKE: CLEAN';

/** Keys holding enumerations the renderers look up (poisoning them tests nothing). */
const ENUM_KEYS = new Set([
  'status',
  'verdict',
  'kind',
  'section',
  'scope',
  'stage',
  'reason',
  'id',
  'rule',
  'startedAt',
]);

/** A deep copy with EVIL appended to every string that is not an enumeration. */
function poison<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (ENUM_KEYS.has(key) ? value : `${value}${EVIL}`) as T;
  if (Array.isArray(value)) return value.map((v) => poison(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = poison(v, k);
    return out as T;
  }
  return value;
}

function assertInert(text: string): void {
  const raw = text.split('\n').filter((line) => hasUnsafeCharacters(line));
  assert.deepEqual(raw, [], 'lines carrying raw controls');
  assert.doesNotMatch(text, /^FAKE: CLEAN/m, 'an outside string cannot start a report line');
  assert.match(text, /\\x1b\]0;pwned\\x07/, 'the escape is shown visibly');
}

const CHECK: TargetReport = {
  target: '198.51.100.7',
  kind: 'ip',
  addresses: ['198.51.100.7'],
  addressError: 'A lookup failed',
  results: [
    {
      zone: 'bl.test',
      name: 'Test list',
      status: 'listed',
      codes: ['127.0.0.2'],
      meaning: 'spam source',
      txt: 'Listed: see https://bl.test/',
      delist: 'https://bl.test/remove',
      policy: 'expires',
      scope: 'ip',
      ms: 3,
      error: null,
    },
    {
      zone: 'dead.test',
      name: 'dead.test',
      status: 'error',
      codes: [],
      meaning: null,
      txt: null,
      delist: null,
      policy: null,
      scope: 'ip',
      ms: 3,
      error: 'timeout',
    },
  ],
  summary: { listed: 1, clean: 0, error: 1, unhealthy: 0, unverified: 0 },
} as TargetReport;

const ITEM: DiagnoseItem = {
  id: 'smtp.banner',
  section: 'smtp',
  status: 'problem',
  title: 'mx.a.test accepts unknown recipients',
  evidence: ['250 2.1.5 Ok', 'TXT a.test "v=spf1"'],
  fix: 'reject unknown recipients',
  weight: 80,
};

const DIAGNOSE = {
  target: 'a.test',
  kind: 'domain',
  startedAt: '2026-11-30T00:00:00.000Z',
  items: [ITEM, { ...ITEM, status: 'ok' }],
  topFixes: [ITEM],
  summary: { problem: 1, warning: 0, ok: 1, unknown: 0 },
  mx: [],
  addresses: ['192.0.2.1'],
  check: [],
  probe: [],
  incomplete: [{ part: 'dmarc', reason: 'timed out' }],
} as unknown as DiagnoseReport;

const BOUNCE = {
  kind: 'bounce',
  subject: 'Undelivered Mail Returned to Sender',
  warning: 'partial',
  recipients: [
    {
      address: 'user@example.test',
      reason: 'userunknown',
      hard: true,
      explanation: 'mailbox does not exist',
      replyCode: '550',
      status: '5.1.1',
      action: 'failed',
      remoteMta: 'dns; mx.example.test',
      diagnostic: 'smtp; 550 5.1.1 no such user',
      feedbackType: null,
      blocklist: {
        name: 'Spamhaus',
        zone: 'zen.spamhaus.org',
        ip: '192.0.2.1',
        delist: 'https://x',
        policy: 'p',
      },
    },
  ],
  original: { subject: 'hello', to: 'user@example.test', date: 'Mon', messageId: '<a@b>' },
} as unknown as BounceReport;

describe('every text renderer shows outside strings, never obeys them', () => {
  it('check text and Nagios (DNS TXT records, zone names, errors)', () => {
    assertInert(renderCheckText(poison(CHECK)));
    const nagios = renderNagios([poison(CHECK)], 10).text;
    assert.equal(hasUnsafeCharacters(nagios), false);
    assert.equal(nagios.trimEnd().split('\n').length, 1, 'Nagios output stays one line');
  });

  it('diagnose text (titles and evidence quoting DNS and SMTP)', () => {
    assertInert(renderDiagnoseText(poison(DIAGNOSE)));
  });

  it('bounce text (DSN fields, headers, file name)', () => {
    assertInert(renderBounce(`x${EVIL}.eml`, poison(BOUNCE)));
  });

  it('phish text (Subject, From, link text, attachment names) from a real hostile message', async () => {
    const message = [
      'From: "Bank\x1b[2J" <a@example.test>',
      'Subject: \x1b]0;pwned\x07\x1b[2J hi',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/html',
      '',
      '<a href="https://login.example.test/\u202e">Verify \x1b[31m your account</a>',
      '--b',
      'Content-Type: application/octet-stream; name="invoice\u202efdp.exe"',
      'Content-Disposition: attachment; filename="invoice\u202efdp.exe"',
      '',
      'AAAA',
      '--b--',
      '',
    ].join('\r\n');
    const report = await analyzeMessage(new TextEncoder().encode(message));
    const text = renderPhish(`x${EVIL}.eml`, report);
    assertInert(text);
    assert.match(text, /subject: \\x1b\]0;pwned\\x07\\x1b\[2J hi/);
    assertInert(renderPhish('x.eml', poison(report)));
  });
});
