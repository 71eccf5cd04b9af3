/** Payment diversion wording. Messages written for these tests (no real message copied). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { findBankChange } from './payment-diversion.js';

test('bank-change phrases in several languages; ordinary bank words are none', () => {
  assert.equal(findBankChange('Please note our bank details have changed.'), 'bank details have changed');
  assert.equal(findBankChange('Bitte beachten Sie unsere neue Bankverbindung.'), 'neue bankverbindung');
  assert.equal(
    findBankChange('Veuillez trouver nos nouvelles coordonnées bancaires.'),
    'nouvelles coordonnées bancaires',
  );
  assert.equal(findBankChange('Your bank statement is ready. Our bank holiday hours are 9-5.'), null);
});

test("an authenticated supplier's overdue invoice announcing a new bank account is suspicious", async () => {
  const headers = [
    'Authentication-Results: mx.google.com; dkim=pass header.i=@smithbuilders.com; dmarc=pass header.from=smithbuilders.com',
    'From: "Tom Smith" <tom@smithbuilders.com>',
    'To: bob@example.org',
    'Subject: Invoice INV-2025-1234 overdue',
    'Content-Type: text/plain; charset=utf-8',
  ];
  const body =
    'Hello, please arrange payment of the overdue invoice today. Our bank details have changed: use the new account in the invoice.\r\nRegards, Tom';
  const report = analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${body}\r\n`)),
  );
  assert.ok(report.findings.some((f) => f.rule === 'bank-details-change'));
  assert.notEqual(report.verdict, 'clean');
});
