/**
 * Sign-up form abuse: a lure typed as the recipient's name, echoed by a real sender's welcome
 * mail. Messages written for these tests (no real message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import type { PhishReport } from './types.js';

async function judge(to: string, body: string): Promise<PhishReport> {
  const headers = [
    'Authentication-Results: mx.example.net; dkim=pass header.d=craftshop.de; dmarc=pass header.from=craftshop.de',
    'From: Kerstin von Craftshop <hi@craftshop.de>',
    `To: ${to}`,
    'Subject: Heute Abend gibt es neue Vorlagen',
    'List-Unsubscribe: <https://craftshop.de/unsubscribe>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);
const LURE =
  'You have a new incoming transaction 2133. Verify and order the withdrawal of funds -> payout77.pages.dev/claim';

test("a lure typed as the recipient's name and echoed by the site's greeting is suspicious", async () => {
  const report = await judge(
    `"${LURE}" <jane@example.org>`,
    `Hi ${LURE}, die neuen Vorlagen sind heute Abend im Shop: https://craftshop.de/neu`,
  );
  assert.ok(rules(report).includes('recipient-name-link'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test("a name that is not echoed, or a list's descriptive name, is not judged", async () => {
  const silent = await judge(
    `"${LURE}" <jane@example.org>`,
    'Hallo, die neuen Vorlagen: https://craftshop.de/neu',
  );
  assert.ok(!rules(silent).includes('recipient-name-link'));
  const person = await judge(
    '"Jane Doe" <jane@example.org>',
    'Hi Jane Doe, die neuen Vorlagen: https://craftshop.de/neu',
  );
  assert.ok(!rules(person).includes('recipient-name-link'));
  assert.equal(person.verdict, 'clean');
});

test("the recipient's own site as its name, named again in a notice, is a name (review)", async () => {
  const report = await judge(
    '"www.bakery-example.de" <admin@bakery-example.de>',
    'Hallo www.bakery-example.de, the SSL certificate for www.bakery-example.de was renewed.',
  );
  assert.ok(!rules(report).includes('recipient-name-link'), rules(report).join(','));
});
