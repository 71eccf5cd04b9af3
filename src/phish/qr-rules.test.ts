import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { findQrWord } from './qr-rules.js';

function message(from: string, to: string, subject: string, body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: ${to}\r\nSubject: ${subject}\r\nDate: Mon, 24 Nov 2025 10:00:00 +0000\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function rules(bytes: Uint8Array): Promise<string[]> {
  return analyzeParsed(await parseMessage(bytes)).findings.map((f) => f.rule);
}

const RULE = 'qr-code-lure';
const MFA =
  'Your multi-factor authentication expires today. Scan the QR code below with your phone to re-authenticate.';

test('QR-code words, Latin and CJK', () => {
  assert.equal(findQrWord('Scan the QR-Code now'), 'qr');
  assert.equal(findQrWord('Scan the qrcode'), 'qrcode');
  assert.equal(findQrWord('下のＱＲコードを読み取って'), 'ＱＲコード');
  assert.equal(findQrWord('请扫描二维码登录'), '二维码');
  assert.equal(findQrWord('Quarterly report'), null);
});

test('account wording that sends the reader to a QR code, from outside', async () => {
  const found = await rules(
    message(
      'IT Service Desk <servicedesk@acme-it-portal.com>',
      'jane@acme-corp.com',
      'MFA re-authentication required',
      MFA,
    ),
  );
  assert.ok(found.includes(RULE));
});

test("not the reader's own authenticated IT department, nor a QR code without a lure", async () => {
  const own =
    'Authentication-Results: mx.acme-corp.com; dkim=pass header.d=acme-corp.com; spf=pass smtp.mailfrom=acme-corp.com; dmarc=pass header.from=acme-corp.com\r\n';
  assert.ok(
    !(
      await rules(
        message(
          'IT Service Desk <servicedesk@acme-corp.com>',
          'jane@acme-corp.com',
          'MFA enrolment',
          MFA,
          own,
        ),
      )
    ).includes(RULE),
  );
  assert.ok(
    !(
      await rules(
        message(
          'Cafe Mia <hello@cafemia-shop.com>',
          'jane@acme-corp.com',
          'Our new app',
          'Scan the QR code at the till to collect points.',
        ),
      )
    ).includes(RULE),
  );
});

test("a stranger at the reader's free-mail provider is not the reader's IT department", async () => {
  const auth =
    'Authentication-Results: mx.google.com; dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=gmail.com; dmarc=pass header.from=gmail.com\r\n';
  const found = await rules(
    message(
      'Account Security <acct.sec.desk@gmail.com>',
      'jane@gmail.com',
      'MFA re-authentication required',
      MFA,
      auth,
    ),
  );
  assert.ok(found.includes(RULE));
});
