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
  // A partner's colleague, authenticated, sharing a document on a storage service: how people work.
  const colleague = await rules(
    message(
      'Jane Smith <jane.smith@partnerco.com>',
      'Draft contract',
      'Hi Bob, I have shared a document with you: the draft contract. It is at https://app.box.com/s/abc123 - let me know what you think.',
      'Authentication-Results: mx.example.org; dkim=pass header.d=partnerco.com; spf=pass smtp.mailfrom=partnerco.com; dmarc=pass header.from=partnerco.com\r\n',
    ),
  );
  assert.ok(!colleague.includes('lure-link-elsewhere'));
  assert.ok(!colleague.includes('document-lure-unverified'));
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
  // A tradesman's own gmail, DMARC pass, nothing else: an ordinary bill.
  const gmailPass =
    'Authentication-Results: mx.example.org; dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=gmail.com; dmarc=pass header.from=gmail.com\r\n';
  const plumber = await analyzeParsed(
    await parseMessage(
      message(
        'Tom Baker <tom.baker.plumbing@gmail.com>',
        'Invoice 2041 for the bathroom work',
        "Hi Jane, please find the attached invoice for last week's work. Thanks! Tom",
        gmailPass,
      ),
    ),
  );
  assert.equal(plumber.verdict, 'clean');
  assert.ok(!plumber.findings.some((f) => f.rule === 'document-lure-unverified'));
  // The same authenticated gmail, but replies go to another domain: a second sign.
  const diverted = await rules(
    message(
      'Tom Baker <tom.baker.plumbing@gmail.com>',
      'Invoice 2041',
      'Please find the attached invoice and confirm payment.',
      `${gmailPass}Reply-To: accounts@settle-payments.com\r\n`,
    ),
  );
  assert.ok(diverted.includes('document-lure-unverified'));
  // A bare foreign word for "attached" is not a document: holiday photos from seznam.cz.
  const photos = await analyzeParsed(
    await parseMessage(
      message(
        'Petr Novak <petr.novak77@seznam.cz>',
        'Fotky z dovolene',
        'Ahoj Jano, v příloze posílám fotky z dovolené. Petr',
        'Authentication-Results: mx.example.cz; dkim=pass header.d=seznam.cz; dmarc=pass header.from=seznam.cz\r\n',
      ),
    ),
  );
  assert.equal(photos.verdict, 'clean');
  assert.ok(!photos.findings.some((f) => f.rule === 'document-lure'));
  // A named document in that language still counts.
  const czInvoice = await rules(
    message('Petr <petr.n@seznam.cz>', 'Faktura', 'Faktura v příloze, zaplaťte prosím.'),
  );
  assert.ok(czInvoice.includes('document-lure'));
});

test('unfilled mail-merge templates as sender name or subject', async () => {
  assert.ok((await rules(message('kala <k@mail.example>', 'undefined', 'hello?'))).includes('template-junk'));
  assert.ok(
    (await rules(message('{{sender_name}} <k@mail.example>', 'Hello', 'hello?'))).includes('template-junk'),
  );
  assert.ok(
    (await rules(message('Shop <k@mail.example>', '{{ first_name }}, your reward is waiting', 'x'))).includes(
      'template-junk',
    ),
  );
  assert.ok(
    !(await rules(message('Kala <k@mail.example>', 'Undefined behaviour in memcpy', 'x'))).includes(
      'template-junk',
    ),
  );
  assert.ok(
    (await rules(message('Shop <k@mail.example>', 'Last chance, {{first_name}}!', 'x'))).includes(
      'template-junk',
    ),
  );
  assert.ok(
    !(await rules(message('Dev <k@mail.example>', 'Docs for {{ template }}', 'x'))).includes('template-junk'),
  );
  // A quoted template inside an issue title is not an unfilled merge field.
  assert.ok(
    !(
      await rules(
        message('Dev <dev@mail.example>', '[org/repo] TypeError: undefined in {{ template }} (#12)', 'x'),
      )
    ).includes('template-junk'),
  );
  // A recognised sender's own notification is not judged by its subject's braces.
  assert.ok(
    !(
      await rules(
        message(
          'GitHub <notifications@github.com>',
          '{{first_name}}',
          'New issue opened. https://github.com/org/repo/issues/12',
          'List-Unsubscribe: <https://github.com/notifications/unsubscribe>\r\nAuthentication-Results: mx.example.org; dkim=pass header.d=github.com; spf=pass smtp.mailfrom=github.com; dmarc=pass header.from=github.com\r\n',
        ),
      )
    ).includes('template-junk'),
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
  // One scam idiom from a free mailbox is enough; one ordinary question is not.
  const idiom = await rules(
    message('Mariam Musa <mariam.musa1234@gmail.com>', 'Hi', 'Hello dear, I wait your answer.'),
  );
  assert.ok(idiom.includes('reply-bait'));
  const friend = await rules(
    message(
      'Ola Nordmann <ola.nordmann77@gmail.com>',
      'photos',
      'Did you get my email with the photos from Saturday?',
    ),
  );
  assert.ok(!friend.includes('reply-bait'));
  // One opener is enough when replies go elsewhere.
  const diverted = await rules(
    message(
      'Mariam Musa <mariam.musa1234@gmail.com>',
      'Good day',
      'Hello dear, I wait for your answer.',
      'Reply-To: mariam.private@outlook.com\r\n',
    ),
  );
  assert.ok(diverted.includes('reply-bait'));
  // A customer enquiry from an authenticated gmail: ordinary courtesy, not bait.
  const enquiry = await analyzeParsed(
    await parseMessage(
      message(
        'Anna Berg <anna.berg1990@gmail.com>',
        'Room for two nights',
        'Hello,\n\nMy name is Anna Berg. Do you have a double room free on 12-14 December? Are you available for a quick call tomorrow?\n\nLooking forward to hearing from you.\nAnna',
        'Authentication-Results: mx.example.org; dkim=pass header.d=gmail.com; spf=pass smtp.mailfrom=gmail.com; dmarc=pass header.from=gmail.com\r\n',
      ),
    ),
  );
  assert.equal(enquiry.verdict, 'clean');
  assert.ok(!enquiry.findings.some((f) => f.rule === 'reply-bait'));
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
  // DMARC aligns for the rented From, but the address is machine-made: still a rented tenant.
  const aligned = await rules(
    message(
      '"Home Maintenance Team" <afAbPcZ@deck.socialja.com>',
      'Revolutionary magnetic cleaning technology',
      'See the offer.',
      'Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=deck.socialja.com; dkim=pass header.d=Kx20394471.onmicrosoft.com; dmarc=pass header.from=deck.socialja.com\r\n',
    ),
  );
  assert.ok(aligned.includes('random-looking-sender'));
  assert.ok(aligned.includes('free-tenant-signature'));
  // An organisation on Microsoft 365 without its own DKIM key: the tenant signs, DMARC passes.
  const m365 = await analyzeParsed(
    await parseMessage(
      message(
        'Acme Industries <sales@acme-industries.com>',
        'Meeting notes',
        'Hi Bob, thanks for the meeting today, notes to follow.',
        'Authentication-Results: mx.example.org; dkim=pass header.d=acmeind365.onmicrosoft.com; spf=pass smtp.mailfrom=acme-industries.com; dmarc=pass header.from=acme-industries.com\r\n',
      ),
    ),
  );
  assert.equal(m365.verdict, 'clean');
  assert.ok(!m365.findings.some((f) => f.rule === 'free-tenant-signature'));
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
  // A vendor's help desk and an HR service, authenticated by DMARC: their own departments.
  const vendorDesk = await analyzeParsed(
    await parseMessage(
      message(
        'Help Desk <support@acmesoft.com>',
        'Your password was reset',
        'Hello Bob, as requested in ticket 4411 we have reset your password. Please verify your account at https://portal.acmesoft.com/login and choose a new password.',
        'Authentication-Results: mx.example.org; dkim=pass header.d=acmesoft.com; spf=pass smtp.mailfrom=acmesoft.com; dmarc=pass header.from=acmesoft.com\r\n',
      ),
    ),
  );
  assert.equal(vendorDesk.verdict, 'clean');
  assert.ok(!vendorDesk.findings.some((f) => f.rule === 'internal-department-foreign'));
  const bamboo = await analyzeParsed(
    await parseMessage(
      message(
        'HR Department <notifications@bamboohr.com>',
        'Please sign your document',
        'Hello Bob, HR shared a document with you for signature: your updated employment contract. View the document at https://customer.bamboohr.com/docs/123',
        'Authentication-Results: mx.example.org; dkim=pass header.d=bamboohr.com; spf=pass smtp.mailfrom=bamboohr.com; dmarc=pass header.from=bamboohr.com\r\n',
      ),
    ),
  );
  assert.equal(bamboo.verdict, 'clean');
  assert.ok(!bamboo.findings.some((f) => f.rule === 'internal-department-foreign'));
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

test("an antivirus vendor's signature link is not a destination of a first contact", async () => {
  const found = await rules(
    message(
      'Huang Jinping <ravi.k@police-mail.example.com>',
      'Hello',
      'Mi chiamo Huang Jinping. Ho una proposta commerciale per te. Contattatemi.\n-- \nThis email has been checked for viruses by AVG. https://www.avg.com\ndevel mailing list https://lists.devel-project.org/listinfo/devel',
      'Reply-To: receiver@winghang-office.com\r\n',
    ),
  );
  assert.ok(found.includes('reply-bait'), found.join(','));
});

function htmlMessage(from: string, subject: string, html: string): Uint8Array {
  return new TextEncoder().encode(
    `From: ${from}\r\nTo: user@example.org\r\nSubject: ${subject}\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n`,
  );
}

test("a lure's own link among a copied signature's links: the one anchor naming the document, alone on its domain", async () => {
  const signature =
    '<p>Alberto Ruiz, Health and Safety<br><a href="https://www.ingenieria-norte.es/">www.ingenieria-norte.es</a> ' +
    '<a href="https://www.grupo-norte.com/">www.grupo-norte.com</a> <a href="https://grupo-norte.media/linkedin">in</a> ' +
    '<a href="https://grupo-norte.media/youtube">yt</a></p>';
  const lure = await rules(
    htmlMessage(
      'Alberto Ruiz <info@mail.randomhost.net>',
      'Revise su factura',
      `<p>Haga clic para ver su factura adjunta: <a href="https://tour-agency.com.ar/shareddocument/?e=x">Ver Factura en PDF</a></p>${signature}`,
    ),
  );
  assert.ok(lure.includes('lure-link-elsewhere'), lure.join(','));
  // The document link on a domain the message links to again is the sender's site, not a lone lure.
  const site = await rules(
    htmlMessage(
      'Alberto Ruiz <info@mail.randomhost.net>',
      'Revise su factura',
      `<p>Haga clic para ver su factura adjunta: <a href="https://www.grupo-norte.com/f/123">Ver Factura en PDF</a></p>${signature}`,
    ),
  );
  assert.ok(!site.includes('lure-link-elsewhere'), site.join(','));
});
