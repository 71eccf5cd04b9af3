import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { FREEMAIL } from './host-lists.js';

function message(from: string, subject: string, body: string, extra = ''): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: user@example.org\r\nSubject: ${subject}\r\nDate: Mon, 20 May 2024 10:00:00 +0900\r\n${extra}MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`,
  );
}

async function rules(bytes: Uint8Array): Promise<string[]> {
  return analyzeParsed(await parseMessage(bytes)).findings.map((f) => f.rule);
}

test('free-mail providers: listed domains and providers named under any suffix', () => {
  assert.equal(FREEMAIL.match('consultant.com'), 'consultant.com');
  assert.equal(FREEMAIL.match('att.net'), 'att.net');
  assert.equal(FREEMAIL.match('yahoo.co.jp'), 'yahoo.co.jp');
  assert.equal(FREEMAIL.match('mail.hotmail.es'), 'hotmail.es');
  assert.equal(FREEMAIL.match('yahoo.example.com'), null);
  assert.equal(FREEMAIL.match('acme.example'), null);
});

test('a first contact whose only way back is a reply to another domain', async () => {
  const bait = await rules(
    message(
      'Nina Coulibaly <nina.c@mail.example-one.com>',
      'from nina',
      'Please grant me the permission to share an important discussion with you.',
      'Reply-To: contact.nina@other-mailbox.net\r\nList-Id: <devel.lists.example.org>\r\n',
    ),
  );
  assert.ok(bait.includes('reply-only-contact'));
  // An answer in a thread is not a first contact.
  const answer = await rules(
    message(
      'Vincent <vincent@diva.ie>',
      'Re: list management',
      'Mailman, trust me.',
      'Reply-To: vincent@cunniffe.net\r\nIn-Reply-To: <a@b.example>\r\nList-Id: <ilug.lists.example.org>\r\n',
    ),
  );
  assert.ok(!answer.includes('reply-only-contact'));
});

test('account wording from an unauthenticated sender that links to another domain', async () => {
  const lure = await rules(
    message(
      'Rokin Direct <support@creema.jp>',
      'Temporary restriction',
      'Your account has been suspended. Verify your account at https://hdlvxingshe.com/login',
    ),
  );
  assert.ok(lure.includes('lure-link-elsewhere'));
  // The same wording from an authenticated sender named like its domain is not judged by this rule.
  const signed = await rules(
    message(
      'Creema <support@creema.jp>',
      'Temporary restriction',
      'Your account has been suspended. Verify your account at https://hdlvxingshe.com/login',
      'Authentication-Results: mx.example.org; dmarc=pass header.from=creema.jp\r\n',
    ),
  );
  assert.ok(!signed.includes('lure-link-elsewhere'));
  // A compromised account: authenticated, but under a name its domain does not carry, no bulk mail.
  const compromised = await rules(
    message(
      'Quota Warning <admin@dpu.bandung.go.id>',
      'user has reached the quota limit',
      'Your mailbox is almost full. UPDATE NOW https://costom.best/mail',
      'Authentication-Results: mx.example.org; dkim=pass header.d=dpu.bandung.go.id; dmarc=pass header.from=dpu.bandung.go.id\r\n',
    ),
  );
  assert.ok(compromised.includes('lure-link-elsewhere'));
  // A link to the sender's own site under a mail-named domain (ryanairmail / ryanair) is its own.
  const own = await rules(
    message(
      '<webster@ryanairmail.com>',
      'Christmas offers',
      'Ask for a quotation at https://www.ryanair.com/redirect',
    ),
  );
  assert.ok(!own.includes('lure-link-elsewhere'));
});

test('invoices and orders from a free mailbox', async () => {
  const order = await rules(
    message(
      'FASTWAYBASE.US94@consultant.com',
      'Re: new order',
      'Please see attached purchase order and revert.',
    ),
  );
  assert.ok(order.includes('document-lure-unverified'));
  const chat = await rules(message('someone@consultant.com', 'lunch', 'See you at noon.'));
  assert.ok(!chat.includes('document-lure-unverified'));
});

test('unfilled mail-merge templates as sender name or subject', async () => {
  assert.ok((await rules(message('kala <k@mail.example>', 'undefined', 'hello?'))).includes('template-junk'));
  assert.ok(
    (await rules(message('{{sender_name}} <k@mail.example>', 'Hello', 'hello?'))).includes('template-junk'),
  );
  assert.ok(
    !(await rules(message('Kala <k@mail.example>', 'Undefined behaviour in memcpy', 'x'))).includes(
      'template-junk',
    ),
  );
});

test('a short first contact worded only to get an answer', async () => {
  const bait = await rules(
    message(
      'Mariam Musa <mariam.musa1234@gmail.com>',
      'Good day',
      'Hello dear, can I write you here? I have urgent information for you.',
    ),
  );
  assert.ok(bait.includes('reply-bait'));
  const latvian = await rules(
    message(
      'kala manthey <sgtkalamanthey@gmail.com>',
      'sveiki',
      'vai tu saņēmi manus e-pastus? lūdzu, atbildiet man',
    ),
  );
  assert.ok(latvian.includes('reply-bait'));
  // One opener from a company's own domain, nothing else: a question, not bait.
  const question = await rules(
    message(
      'Jane Roe <jane@acme-widgets.com>',
      'Widget sizes',
      'Hello, my name is Jane. Do you ship to Norway?',
    ),
  );
  assert.ok(!question.includes('reply-bait'));
  // An answer in a thread is not a first contact.
  const answer = await rules(
    message(
      'Mariam Musa <mariam.musa1234@gmail.com>',
      'Re: Good day',
      'Hello dear, did you receive my mail?',
      'In-Reply-To: <x@y.example>\r\n',
    ),
  );
  assert.ok(!answer.includes('reply-bait'));
});

test("a throwaway cloud tenant's signature on another domain's mail; an organisation's own tenant is not", async () => {
  const rented = await rules(
    message(
      '"Rugiet: Faster, Harder, Longer." <Qsfxjtwk@eaux.smedialy.com>',
      'Why Men Are Switching',
      'Bring out your best.',
      'Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=eaux.smedialy.com; dkim=pass header.d=Jas19904493.onmicrosoft.com\r\n',
    ),
  );
  assert.ok(rented.includes('free-tenant-signature'));
  const own = await rules(
    message(
      'Jerome Pouiller <Jerome.Pouiller@silabs.com>',
      '[PATCH] staging: wfx: fix',
      'A patch.',
      'Authentication-Results: mx.example.org; dkim=pass header.d=silabs.onmicrosoft.com; dmarc=pass header.from=silabs.com\r\n',
    ),
  );
  assert.ok(!own.includes('free-tenant-signature'));
});

test("a department of the reader's own organisation writing from outside it", async () => {
  const payroll = await rules(
    message(
      '=?UTF-8?B?6LSi5Yqh6YOo?= <bhminingmuseum@rushmore.com>',
      '=?UTF-8?B?6YCa55+l77yaMjAyM+W5tOS4quS6uuWKs+WKqOihpei0tA==?=',
      '请查收附件，补贴申请材料',
    ),
  );
  assert.ok(payroll.includes('internal-department-foreign'));
  const hr = await rules(
    message(
      'HR Department <hr@staff-notices.com>',
      'Salary review',
      'See attached document and verify your account.',
    ),
  );
  assert.ok(hr.includes('internal-department-foreign'));
  // A vendor's named billing team is not the reader's own department.
  const vendor = await rules(
    message('Acme Billing Team <billing@acme-widgets.com>', 'Invoice', 'Invoice attached.'),
  );
  assert.ok(!vendor.includes('internal-department-foreign'));
  // The reader's own domain is where its departments write from.
  const own = await rules(
    new TextEncoder().encode(
      'From: Payroll <payroll@example-corp.com>\r\nTo: user@example-corp.com\r\nSubject: Payslip\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nYour payslip is attached, see attached file.\r\n',
    ),
  );
  assert.ok(!own.includes('internal-department-foreign'));
});
