/**
 * A share notice from an authenticated mailbox: a document service or the sender's own site,
 * against the lure's own page. Messages written for these tests (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import type { PhishReport } from './types.js';

async function share(href: string, name = 'Sarah Lee'): Promise<PhishReport> {
  const headers = [
    'Authentication-Results: mx.google.com; dkim=pass header.i=@partnerlaw.com; dmarc=pass header.from=partnerlaw.com',
    `From: "${name}" <slee@partnerlaw.com>`,
    'To: bob@example.org',
    'Subject: Sarah Lee shared "Q4 Settlement.pdf" with you',
    'Content-Type: text/html; charset=utf-8',
  ];
  const html = `<p>Sarah Lee shared a file with you.</p><p><a href="${href}">Open</a></p>`;
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);

test("a partner's authenticated share pointing at a site that hosts no documents is suspicious", async () => {
  const report = await share('https://docs-view-online.com/sp/q4');
  assert.ok(rules(report).includes('document-link-elsewhere'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test("a share on a document service or on the sender's own site is not judged", async () => {
  for (const href of [
    'https://partnerlaw-my.sharepoint.com/:b:/g/personal/slee/abc',
    'https://app.box.com/s/abc123',
    'https://www.dropbox.com/scl/fi/abc/Q4.pdf',
    'https://files.partnerlaw.com/q4',
  ]) {
    const report = await share(href);
    assert.ok(!rules(report).includes('document-link-elsewhere'), `${href}: ${rules(report).join(',')}`);
  }
});

test("a company's invoice linking to its invoicing platform's hosted page is not judged", async () => {
  const headers = [
    'Authentication-Results: mx.google.com; dkim=pass header.i=@acmesaas.io; dmarc=pass header.from=acmesaas.io',
    'From: "Billing" <billing@acmesaas.io>',
    'To: bob@example.org',
    'Subject: Your invoice INV-0042 is available',
    'Content-Type: text/html; charset=utf-8',
  ];
  const html =
    '<p>Your invoice is attached and available online.</p><p><a href="https://invoice.stripe.com/i/acct_1/live_abc">View invoice</a></p>';
  const report = analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
  assert.ok(!rules(report).includes('document-link-elsewhere'), rules(report).join(','));
  assert.equal(report.verdict, 'clean', rules(report).join(','));
});

test("a display name spelling the link's host does not make a lone mailbox a platform (review)", async () => {
  const report = await share('https://docs-view-online.com/sp/q4', 'Docs View Online');
  assert.ok(rules(report).includes('document-link-elsewhere'), rules(report).join(','));
});
