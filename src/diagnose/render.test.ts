// The diagnose renderers (src/render/diagnose-*.ts), tested here with the report model they render.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderDiagnoseHtml } from '../render/diagnose-html.js';
import { renderDiagnoseText } from '../render/diagnose-text.js';
import { countStatuses, rankFixes } from './rank.js';
import type { DiagnoseItem, DiagnoseReport } from './types.js';

function report(items: DiagnoseItem[]): DiagnoseReport {
  return {
    target: 'a.test',
    kind: 'domain',
    startedAt: '2026-11-26T00:00:00.000Z',
    items,
    topFixes: rankFixes(items),
    summary: countStatuses(items),
    mx: [],
    addresses: ['192.0.2.1'],
    check: [],
    probe: [],
    incomplete: [{ part: 'dmarc', reason: 'timed out after 100 ms' }],
    resolver: { verdict: 'ok', evidence: [] },
  };
}

const ITEMS: DiagnoseItem[] = [
  {
    id: 'mx.records',
    section: 'mx',
    status: 'ok',
    title: 'a.test has 1 MX record(s)',
    evidence: ['MX 10 mx.a.test'],
    fix: null,
    weight: 0,
  },
  {
    id: 'spf.record',
    section: 'spf',
    status: 'problem',
    title: 'a.test has no SPF record',
    evidence: ['TXT a.test "<script>alert(1)</script>"'],
    fix: 'Publish "v=spf1 mx -all" & check',
    weight: 80,
  },
];

describe('diagnose renderers', () => {
  it('text: summary, fixes, not-checked parts, then sections', () => {
    const text = renderDiagnoseText(report(ITEMS));
    assert.match(text, /Summary: 1 problem, 0 warnings, 1 ok, 0 unknown/);
    assert.ok(text.indexOf('Fix these first:') < text.indexOf('== MX records'));
    assert.match(text, /1\. PROBLEM\s+a\.test has no SPF record\n\s+-> Publish/);
    assert.match(text, /dmarc: timed out after 100 ms/);
  });

  it('html: escapes evidence, puts the summary before the sections, opens problem sections only', () => {
    const html = renderDiagnoseHtml(report(ITEMS));
    assert.ok(!html.includes('<script>'));
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /Publish &quot;v=spf1 mx -all&quot; &amp; check/);
    assert.ok(html.indexOf('id="summary"') < html.indexOf('id="section-mx"'));
    assert.match(html, /<details class="section" id="section-spf" data-worst="problem" open>/);
    assert.match(html, /<details class="section" id="section-mx" data-worst="ok">/);
  });
});
