import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Findings } from './catalog.js';
import { checkLures, findMoneyAmount, findPhoneNumber, hasPhrase } from './lure-rules.js';

test('phrases match whole words only', () => {
  assert.equal(hasPhrase('congrats, you won a car', 'you won'), true);
  assert.equal(hasPhrase("you won't believe it", 'you won'), false);
  assert.equal(hasPhrase('prizefighter', 'prize'), false);
});

test('lure wording is a weak signal: one scam word is not enough', () => {
  const one = new Findings();
  checkLures({ subject: 'Our survey', body: 'Tell us what you think.', webLinks: 1 }, one);
  assert.deepEqual(one.list(), []);
  const seed = new Findings();
  checkLures({ subject: 'Install Critical Update for Microsoft Outlook', body: '', webLinks: 1 }, seed);
  assert.deepEqual(
    seed.list().map((f) => [f.rule, f.weight]),
    [['credential-lure', 1.5]],
  );
});

function lureRules(subject: string, body: string, webLinks = 0): string[] {
  const out = new Findings();
  checkLures({ subject, body, webLinks }, out);
  return out.list().map((f) => f.rule);
}

test('telephone numbers: grouped or international; not dates, amounts or order numbers', () => {
  assert.equal(findPhoneNumber('call +1 (808) 555-0199 now'), '+1 (808) 555-0199');
  assert.equal(findPhoneNumber('Helpline 1-808-555-0199.'), '1-808-555-0199');
  assert.equal(findPhoneNumber('(020) 7946 0958'), '(020) 7946 0958');
  assert.equal(findPhoneNumber('Order 1234567890123 of 2025-11-30 12:00'), null);
  assert.equal(findPhoneNumber('Total 1,299.00 USD'), null);
});

test('a callback scam: a charge and a number to call, no link', () => {
  const body =
    'Your subscription renewal has been processed. Amount charged: $399.99. Invoice #88213. ' +
    'If you did not authorize this transaction, call our billing team at +1 (808) 555-0199 within 24 hours.';
  assert.ok(lureRules('Order confirmation', body).includes('callback-lure'));
  // A receipt with links to the shop and its phone number in the footer is not one.
  assert.ok(!lureRules('Order confirmation', body, 4).includes('callback-lure'));
  assert.ok(
    !lureRules('Order confirmation', 'Your order of $20 is on its way. Track it online.').includes(
      'callback-lure',
    ),
  );
});

test('sums of money: a currency sign or code next to a number, not a word that contains a code', () => {
  assert.equal(findMoneyAmount('Total: $399.99 today'), '$399.99');
  assert.equal(findMoneyAmount('debited USD 499.00 for'), 'USD 499.00');
  assert.equal(findMoneyAmount('Order total: 1,299.00 USD.'), '1,299.00 USD');
  assert.equal(findMoneyAmount('a fee of 45 EUR is due'), '45 EUR');
  assert.equal(findMoneyAmount('pay in USDT or BUSD 20'), null);
  assert.equal(findMoneyAmount('no money here, 2025-11-30'), null);
});

test('a callback lure with an amount for its second payment word, and zeros written as the letter O', () => {
  // "order" alone is one payment word; the sum is the second.
  assert.ok(
    lureRules(
      'Your order has shipped',
      'Order #112-3345 for $1,299.00. Not you? Call (808) 555-0134',
    ).includes('callback-lure'),
  );
  assert.ok(
    lureRules(
      'INVOICE',
      'Your account was debited USD 499.00. Not you? Reach our helpdesk +1 8O8 555 O134',
    ).includes('callback-lure'),
  );
  // Words with an O next to digits are not read as numbers ("10 On", "2 Oct").
  assert.ok(!lureRules('Order 10 On hold', 'Invoice 2 Oct, amount due').includes('callback-lure'));
});

test("a person's own authenticated mailbox sending a bill with a phone number is not a callback lure", () => {
  const bill =
    "Here is the invoice for last week's work: $450.00. Payment by transfer is fine. Call me at 617-555-0143.";
  const out = new Findings();
  checkLures({ subject: 'Invoice 2041', body: bill, webLinks: 0, personalSender: true }, out);
  assert.ok(!out.has('callback-lure'));
  // Unless it disputes a charge the reader did not make.
  const scam = new Findings();
  checkLures(
    {
      subject: 'Invoice 2041',
      body: `${bill} If you did not authorize this charge, call now.`,
      webLinks: 0,
      personalSender: true,
    },
    scam,
  );
  assert.ok(scam.has('callback-lure'));
});

test('document-sharing and e-signature wording; Japanese, Korean and Chinese lures by substring', () => {
  assert.ok(lureRules('Jane shared a document with you', 'Review and sign').includes('document-lure'));
  assert.ok(
    lureRules('【重要】アカウント利用停止のお知らせ', 'ログインして本人確認を行ってください').includes(
      'credential-lure',
    ),
  );
  assert.ok(lureRules('계정 보안 알림', '비밀번호를 변경하세요').includes('credential-lure'));
  assert.ok(lureRules('您的账户已被冻结', '请立即登录验证').includes('credential-lure'));
  assert.deepEqual(lureRules('会議のお知らせ', '明日の会議は10時からです。'), []);
});

test('sextortion: a hacked device or account and coin to pay; security talk alone is not', () => {
  assert.deepEqual(
    lureRules(
      'Your account has been hacked! You need to unlock it.',
      'I have access to your device and recorded you. Send 1000 USD in bitcoin to my wallet within 48 hours.',
    ).includes('extortion-lure'),
    true,
  );
  assert.equal(
    lureRules(
      'Re: malware in the wild',
      'The trojan was recorded on a honeypot; the operating system was patched.',
    ).includes('extortion-lure'),
    false,
  );
});

test("an exchange's security notice is not sextortion: no exposure, deadline or contacts", () => {
  assert.equal(
    lureRules(
      'Security notice',
      'If your account has been hacked, change your password and move your bitcoin to a new wallet.',
    ).includes('extortion-lure'),
    false,
  );
});

test('lures in more languages: Latin-script words, Arabic, Hebrew and Thai by substring', () => {
  assert.ok(
    lureRules('SÜRGŐS ÉS FONTOS', 'Egy fontos üzenet vár rád. Olvasáshoz töltse le a pdf-et').includes(
      'document-lure',
    ),
  );
  assert.ok(
    lureRules('Güvenlik uyarısı', 'Hesabınız askıya alındı, bilgilerinizi güncelleyin').includes(
      'credential-lure',
    ),
  );
  assert.ok(lureRules('Thông báo', 'Vui lòng xác minh tài khoản của bạn').includes('credential-lure'));
  assert.ok(lureRules('تنبيه أمني', 'تم تعليق حسابك، يرجى تحديث بياناتك').includes('credential-lure'));
  assert.ok(lureRules('แจ้งเตือน', 'บัญชีของคุณถูกระงับ กรุณายืนยันตัวตน').includes('credential-lure'));
  assert.deepEqual(lureRules('مرحبا', 'نلتقي غدا في المكتب'), []);
  assert.deepEqual(lureRules('Schůzka', 'Uvidíme se zítra v kanceláři.'), []);
});

test('a crypto deposit scam piles up funding and withdrawal wording', () => {
  assert.ok(
    lureRules(
      'Bitcoin Deposit',
      'We have deposited 39 BTC into your bitcoin portfolio; withdraw your funds today',
    ).some((r) => r === 'scam-lure' || r === 'scam-lure-heavy'),
  );
});

test('Hebrew and Arabic phrases start a word; generic single words are not lures', () => {
  // "אמת את" (verify the) inside "התאמת את" (you matched the) is not a lure.
  assert.deepEqual(lureRules('עדכון', 'התאמת את הטבלה לדוח של החודש'), []);
  assert.ok(lureRules('אבטחה', 'אמת את חשבונך היום').includes('credential-lure'));
  // "your account", "password" and "suspended" alone are ordinary words.
  assert.deepEqual(lureRules('سؤال', 'هل حسابك في البنك جديد؟'), []);
  assert.deepEqual(lureRules('שאלה', 'שכחתי את הסיסמה של הוויפי'), []);
  assert.deepEqual(lureRules('ข่าว', 'การแข่งขันถูกระงับเพราะฝนตก'), []);
  // A bare foreign "attached" is not a document; a named invoice is.
  assert.deepEqual(lureRules('Fotky', 'v příloze posílám fotky z dovolené'), []);
  assert.deepEqual(lureRules('صور', 'مرفق صور الرحلة'), []);
  assert.ok(lureRules('Faktura', 'faktura v příloze').includes('document-lure'));
});

test('account words name the account: a sale that expires today or a degree called MFA is no credential lure', () => {
  assert.ok(!lureRules('Last chance: 20% off', 'Our offer expires today.', 1).includes('credential-lure'));
  assert.ok(
    !lureRules('Applications open', 'Apply for our MFA in creative writing.', 1).includes('credential-lure'),
  );
  assert.ok(
    lureRules('Action required', 'Your MFA expires today, re-authenticate now.', 1).includes(
      'credential-lure',
    ),
  );
  assert.ok(lureRules('Mailbox notice', 'Your password expires today.', 1).includes('credential-lure'));
});
