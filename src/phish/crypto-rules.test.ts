/**
 * Wallet-drainer lures from rented or hijacked accounts against a crypto project's own mail.
 * Messages written for these tests after the shape of the dev half's airdrop lures (no real
 * message copied).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { findCryptoClaim } from './crypto-rules.js';
import type { PhishReport } from './types.js';

async function judge(from: string, dmarc: string, html: string): Promise<PhishReport> {
  const headers = [
    `Authentication-Results: mx.example.net; dkim=pass header.d=${dmarc}; dmarc=pass header.from=${dmarc}`,
    `From: ${from}`,
    'To: <jane@example.org>',
    'Subject: Token distribution is live',
    'List-Unsubscribe: <https://example.net/u>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
  ];
  return analyzeParsed(
    await parseMessage(new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`)),
  );
}

const rules = (r: PhishReport) => r.findings.map((f) => f.rule);
const LURE =
  '<p>The $ASTR token distribution phase is now live. Connect your wallet to check your eligibility and claim your tokens.</p>';

test("a crypto project's name on an insurer's hijacked ESP account asking to connect a wallet is suspicious", async () => {
  const report = await judge(
    '"AstroDex Update" <clientes@correo.segurosabc.es>',
    'correo.segurosabc.es',
    `${LURE}<a href="https://astrodex-claim.xyz/app">Check eligibility</a>`,
  );
  assert.ok(rules(report).includes('crypto-claim-lure'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test("the project's own newsletter from its own domain is not judged", async () => {
  const report = await judge(
    '"AstroDex" <news@astrodex.io>',
    'astrodex.io',
    `${LURE}<a href="https://app.astrodex.io/claim">Claim</a>`,
  );
  assert.ok(!rules(report).includes('crypto-claim-lure'), rules(report).join(','));
  assert.equal(report.verdict, 'clean');
});

test('wallet-drainer phrases, in words and in CJK; ordinary crypto news is none', () => {
  assert.deepEqual(findCryptoClaim('Please connect your wallet and claim your tokens'), [
    'connect your wallet',
    'claim your tokens',
  ]);
  assert.deepEqual(findCryptoClaim('今すぐウォレットを接続してください'), ['ウォレットを接続']);
  assert.deepEqual(findCryptoClaim('Bitcoin rose 4% this week; our wallet app has a new look'), []);
});

test('eligibility, allocation and withdrawal wording counts only beside a crypto word (review)', () => {
  assert.deepEqual(findCryptoClaim('You may be eligible to claim a payment from the settlement fund.'), []);
  assert.deepEqual(findCryptoClaim('Check your eligibility for loan forgiveness today.'), []);
  assert.deepEqual(findCryptoClaim('Your monthly token allocation has been reset.'), []);
  assert.deepEqual(findCryptoClaim('The airdrop is here: check your eligibility now.'), [
    'check your eligibility',
  ]);
});
