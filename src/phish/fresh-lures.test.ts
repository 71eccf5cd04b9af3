/**
 * Phenomena of the 2023-26 list-archive phish (corpora/phish-fresh dev half): document lures of
 * tax offices, courts and utilities in Spanish and Portuguese linking to rented servers' default
 * host names, and developers' thread replies that speak of transfers and claims.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judge, rules } from '../../test/helpers/phish-draft.js';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';
import { fileNameShown } from './attachment-card.js';
import { Findings } from './catalog.js';
import { checkLinks } from './link-rules.js';
import { listManagerHosts } from './list-footer.js';
import { isRandomToken } from './text-rules.js';
import { quotesEarlierMail } from './thread-reply.js';
import type { Link } from './types.js';
import { normaliseLink } from './url.js';

function linkRules(href: string): string[] {
  const link = normaliseLink(href, '', 'a');
  assert.ok(link, href);
  const out = new Findings();
  checkLinks([link as Link], null, out);
  return out.list().map((f) => f.rule);
}

test("a rented server's default host name is a page anyone can publish", () => {
  for (const href of [
    'https://factdigital.eastus.cloudapp.azure.com/?doc=1',
    'http://212.21.205.92.host.secureserver.net/direcion.php',
    'https://vmi2902488.contaboserver.net/?_task=mail',
    'https://icy-river-071b7f010.4.azurestaticapps.net/?eml=a@b.example',
    'https://vps-e0fc7fe3.vps.ovh.net/x',
  ])
    assert.deepEqual(linkRules(href), ['user-content-hosting'], href);
  // GoDaddy's own webmail and image hosts are not server default names.
  assert.deepEqual(linkRules('https://email.secureserver.net/'), []);
  assert.deepEqual(linkRules('https://www.contabo.com/'), []);
});

test('a tax-office document lure in Spanish, linking to a rented server, is not clean', async () => {
  const r = await judge({
    from: 'AFIP Notificacion <avisos@tramites-ejemplo.com>',
    dmarc: null,
    subject: 'Se ha generado un nuevo documento fiscal - 2733122',
    html: '<p>Estimado(a) contribuyente,</p><p>Se ha generado un nuevo documento fiscal.</p><p><a href="https://factdigital.eastus.cloudapp.azure.com/?auth.afip.gov.ar">Descargar Documento</a></p>',
  });
  assert.notEqual(r.verdict, 'clean');
  assert.ok(rules(r).includes('document-lure'), rules(r).join());
  assert.ok(rules(r).includes('user-content-hosting'), rules(r).join());
});

test('Portuguese and Spanish invoice and court-notice wording is document-lure wording', async () => {
  for (const subject of [
    'Nota fiscal eletrônica recebida',
    'Factura impagada, actuar pronto',
    'Envio de Burofax Online',
  ]) {
    const r = await judge({
      from: 'Avisos <avisos@example.net>',
      dmarc: null,
      subject,
      html: '<p>Hola</p>',
    });
    assert.ok(rules(r).includes('document-lure'), `${subject}: ${rules(r).join()}`);
  }
});

function plainBytes(headers: string[], text: string): Uint8Array {
  const head = [
    'From: Laurent Dev <laurent@kernel-dev.example>',
    'To: <media-list@lists.example.org>',
    'Date: Mon, 24 Nov 2025 10:00:00 +0000',
    'Subject: Re: [PATCH 0/5] media: fix race conditions',
    ...headers,
    'Content-Type: text/plain; charset=utf-8',
  ];
  return new TextEncoder().encode(`${head.join('\r\n')}\r\n\r\n${text}\r\n`);
}

const REVIEW =
  '> The URB completion handler may still transfer data\n> after the stream is stopped.\n\nRight, the claim in the commit message is wrong: the transfer is cancelled first.\n';

test('a reply quoting its thread is not an advance-fee first contact; the same words unthreaded are', async () => {
  const threaded = await parseMessage(plainBytes(['In-Reply-To: <p0@kernel-dev.example>'], REVIEW));
  assert.equal(quotesEarlierMail(threaded), true);
  assert.ok(!rules(analyzeParsed(threaded)).includes('advance-fee-lure'));
  // Quoting without naming the mail it answers, or naming it without quoting, is no thread reply.
  const unthreaded = await parseMessage(plainBytes([], REVIEW));
  assert.equal(quotesEarlierMail(unthreaded), false);
  assert.ok(rules(analyzeParsed(unthreaded)).includes('advance-fee-lure'));
  const bare = await parseMessage(plainBytes(['References: <p0@x.example>'], 'Kindly reply.\n'));
  assert.equal(quotesEarlierMail(bare), false);
});

test('a thread reply with a large sum is still an advance-fee lure', async () => {
  const text = `> Dear friend\n> I await your answer\n\nI will transfer the sum of US$ 10,500,000.00 to your account as my proposal; claim it now.\n`;
  const mail = await parseMessage(plainBytes(['In-Reply-To: <p0@x.example>'], text));
  assert.ok(rules(analyzeParsed(mail)).includes('advance-fee-lure'));
});

test('quoted lines beyond the scanned opening do not count', async () => {
  const text = `${'x '.repeat(40_000)}\n> late\n> quote\n`;
  const mail = await parseMessage(plainBytes(['In-Reply-To: <p0@x.example>'], text));
  assert.equal(quotesEarlierMail(mail), false);
});

test('held, pending or suspended messages spoken of from another domain are mailbox-admin lures', async () => {
  for (const subject of [
    'Mail Delivery Suspended',
    'You have (5) pending messages',
    'Incoming messages have been withheld',
  ]) {
    const r = await judge({
      from: 'gmail.com Message Center <noreply@mail-helpdesk.net>',
      dmarc: null,
      subject,
      html: '<p>Use the following steps to release your messages.</p>',
    });
    assert.ok(rules(r).includes('mailbox-admin-foreign'), `${subject}: ${rules(r).join()}`);
  }
  // The reader's own provider may speak of its mailboxes.
  const own = await judge({
    from: 'Google <no-reply@google.com>',
    dmarc: 'google.com',
    subject: 'Pending messages',
    html: '<p>Hi</p>',
  });
  assert.ok(!rules(own).includes('mailbox-admin-foreign'));
});

test('German, French, Dutch and Portuguese bank-data and card-block wording is credential-lure wording', async () => {
  for (const subject of [
    'Dringend: Ihre Kundendaten benötigen eine Aktualisierung',
    'Ihre Kreditkarte wurde vorsorglich gesperrt',
    'Votre service sera suspendu',
    'Uw account is tijdelijk geblokkeerd',
    'Atualizacao cadastral - 670977832604',
  ]) {
    const r = await judge({
      from: 'Kundenservice <info@example.net>',
      dmarc: null,
      subject,
      html: '<p>Hallo</p>',
    });
    assert.ok(rules(r).includes('credential-lure'), `${subject}: ${rules(r).join()}`);
  }
});

test('a function name in camel case is no machine-made string; case-flipping strings still are', () => {
  for (const name of ['lmLogClose', 'diReadInode', 'txCommit'])
    assert.equal(isRandomToken(name), false, name);
  for (const junk of ['mYIvLwxL', 'qmVuZxKp', 'xQzWvKpLm']) assert.equal(isRandomToken(junk), true, junk);
});

test('a chief executive\'s errand ("do you have a moment", replies to a free mailbox) is reply bait', async () => {
  const r = await judge({
    from: 'Carl Johanson <carl@biotech-exec.com>',
    dmarc: null,
    subject: 'Hello',
    html: '<p>Hello, do you have a moment to correspond with me via email? My boss has an obligation he would like you to complete ASAP.</p><p>Regards, Carl</p>',
    extra: ['Reply-To: <president.ceo.office@aol.com>'],
  });
  assert.ok(rules(r).includes('reply-bait'), rules(r).join());
  assert.notEqual(r.verdict, 'clean');
});

test("a mailing list's footer link is the list's: a relayed loan scam still offers no link of its own", async () => {
  const text =
    'Dear Sir, we offer business loans and project funding at a low interest rate. Get back to me.\nhttp://www.funding-partners.example.com/\n--\nx-devel mailing list\nhttps://lists.example.org/lists/listinfo/x-devel\n';
  const list = [
    'List-Id: <x-devel.lists.example.org>',
    'List-Unsubscribe: <https://lists.example.org/lists/options/x-devel>, <mailto:x-devel-request@lists.example.org?subject=unsubscribe>',
  ];
  const relayed = await parseMessage(plainBytes(list, text));
  assert.deepEqual([...listManagerHosts(relayed)], ['lists.example.org']);
  assert.ok(rules(analyzeParsed(relayed)).includes('advance-fee-lure'));
  // Without a List-Id the same link is the sender's second link, as in a newsletter.
  const direct = await parseMessage(plainBytes([list[1]!], text));
  assert.equal(listManagerHosts(direct).size, 0);
  assert.ok(!rules(analyzeParsed(direct)).includes('advance-fee-lure'));
});

test("a storage or hosting provider's own quota notice is not the reader's mailbox spoken of from outside", async () => {
  for (const subject of ["You've reached your storage limit", 'Your hosting account is low on disk space']) {
    const r = await judge({
      from: 'Dropbox <no-reply@dropbox.com>',
      dmarc: 'dropbox.com',
      subject,
      html: '<p>Upgrade at <a href="https://www.dropbox.com/plans">dropbox.com</a>.</p>',
    });
    assert.ok(!rules(r).includes('mailbox-admin-foreign'), `${subject}: ${rules(r).join()}`);
  }
});

test('a Spanish tax office named by an unrelated sender, with a document lure and a rented server, is phishing', async () => {
  const r = await judge({
    from: 'Administracion Tributaria <impuestos@tramites-ejemplo.com>',
    dmarc: null,
    subject: 'Pendencia Legal y Financiera - [ id 922530038 ]',
    html: '<p>Se anexa el siguiente comprobante fiscal digital.</p><p><a href="http://actualcomprobante.eastus.cloudapp.azure.com/">Descargar documento</a></p>',
  });
  assert.equal(r.verdict, 'phishing', rules(r).join());
});

test('Korean, Japanese and Chinese invoice, quotation and voice-message subjects are document-lure wording', async () => {
  for (const subject of ['견적서 송부 드립니다', '発注書の送付', '采购订单 PO-2291', '음성메시지 1건']) {
    const r = await judge({ from: 'Office <office@example.net>', dmarc: null, subject, html: '<p>.</p>' });
    assert.ok(rules(r).includes('document-lure'), `${subject}: ${rules(r).join()}`);
  }
});

test("'pending messages' speaks of the reader's mailbox only beside a mail word or the reader's domain", async () => {
  const chat = await judge({
    from: 'Slack <feedback@slack.com>',
    dmarc: 'slack.com',
    subject: 'You have pending messages in Acme',
    html: '<p>You have 3 unread messages. <a href="https://acme.slack.com/messages">Open Slack</a></p>',
  });
  assert.ok(!rules(chat).includes('mailbox-admin-foreign'), rules(chat).join());
  assert.equal(chat.verdict, 'clean');
  const lure = await judge({
    from: 'Support <support@mail-helpdesk.net>',
    dmarc: null,
    subject: 'gmail.com: You have (5) pending messages',
    html: '<p>Release them <a href="https://release-now.example.net/">here</a>.</p>',
  });
  assert.ok(rules(lure).includes('mailbox-admin-foreign'), rules(lure).join());
});

test("a company's own e-invoice in Spanish or Portuguese is clean, even linking to an invoicing platform", async () => {
  const cases = [
    {
      from: 'Facturación Empresa <no-reply@empresa-ejemplo.mx>',
      dmarc: 'empresa-ejemplo.mx',
      subject: 'Comprobante Fiscal Digital (CFDI) de su compra',
      html: '<p>Adjuntamos su comprobante fiscal digital. <a href="https://portal.facturama.mx/descarga/abc">Descargar factura</a></p>',
      extra: ['Feedback-ID: 1:2:3:ses'],
    },
    {
      from: 'Loja Exemplo <nfe@lojaexemplo.com.br>',
      dmarc: 'lojaexemplo.com.br',
      subject: 'Nota fiscal eletrônica do pedido 55123',
      html: '<p>Olá, segue a nota fiscal eletrônica. <a href="https://www.lojaexemplo.com.br/pedidos/55123">Ver pedido</a></p>',
    },
  ];
  for (const c of cases) {
    const r = await judge(c);
    assert.equal(r.verdict, 'clean', `${c.subject}: ${rules(r).join()}`);
  }
});

test("an authenticated Japanese, Korean or Taiwanese shop's plain invoice or e-invoice notice is no document lure", async () => {
  for (const subject of ['請求書のご案内', '세금계산서 발행 안내', '電子發票開立通知']) {
    const r = await judge({
      from: 'Shop <billing@shop-example.jp>',
      dmarc: 'shop-example.jp',
      subject,
      html: '<p>.</p>',
    });
    assert.ok(!rules(r).includes('document-lure'), `${subject}: ${rules(r).join()}`);
  }
});

test('everyday billing words are document-lure wording only from a sender nothing authenticates', async () => {
  for (const subject of ['Descargar factura electrónica 8812', '請求書のご案内']) {
    const stranger = await judge({
      from: 'Facturas <avisos@example.net>',
      dmarc: null,
      subject,
      html: '<p>.</p>',
    });
    assert.ok(rules(stranger).includes('document-lure'), `${subject}: ${rules(stranger).join()}`);
    const company = await judge({
      from: 'Facturas <avisos@example.net>',
      dmarc: 'example.net',
      subject,
      html: '<p>.</p>',
    });
    assert.ok(!rules(company).includes('document-lure'), `${subject}: ${rules(company).join()}`);
  }
});

test("a friend's short gmail asking whether you are available is no reply bait", async () => {
  const r = await judge({
    from: 'Anna Berg <anna.berg1987@gmail.com>',
    dmarc: 'gmail.com',
    subject: 'tomorrow',
    html: '<p>Hi Jane, are you available tomorrow? Do you have a moment for a quick call about the trip?</p><p>Anna</p>',
  });
  assert.ok(!rules(r).includes('reply-bait'), rules(r).join());
  assert.equal(r.verdict, 'clean');
});

test('a crypto-recovery testimonial (a "recovery specialist" who will recover stolen bitcoin) is a scam lure', async () => {
  const r = await judge({
    from: '<patrick.b1981@gmail.com>',
    dmarc: 'gmail.com',
    subject: 'How to recover from a fake bitcoin investment scam',
    html: '<p>I lost my bitcoin to crypto theft. Then I found Light Solution, a recovery specialist team that helps victims recover stolen assets.</p><p>Website <a href="https://light-solution.example.com/">light-solution.example.com</a> WhatsApp <a href="https://wa.link/989vlf">wa.link/989vlf</a></p>',
  });
  assert.ok(rules(r).includes('scam-lure-heavy'), rules(r).join());
  assert.notEqual(r.verdict, 'clean');
});

test('Japanese organisations impersonated in 2024-25 (NHK, e-Tax, TEPCO, Coincheck, Mastercard in katakana) are brands', async () => {
  for (const from of [
    '日本放送協会（NHKプラス） <info@nhk-plus-upgrade.example.com>',
    '国税電子申告.納税システム <auto-confirm@bdwenjw.example.cn>',
    '東京電力 <tepco42@creema.example.jp>',
    'マスターカード <user.wowszqha@service.drihhz.example.cn>',
  ]) {
    const r = await judge({ from, dmarc: null, subject: '【重要】お知らせ', html: '<p>.</p>' });
    assert.ok(rules(r).includes('brand-in-sender-name'), `${from}: ${rules(r).join()}`);
  }
  const own = await judge({
    from: 'NHK <info@nhk.or.jp>',
    dmarc: 'nhk.or.jp',
    subject: 'NHKプラスのお知らせ',
    html: '<p>.</p>',
  });
  assert.ok(!rules(own).includes('brand-in-sender-name'), rules(own).join());
});

test('a cold buyer inquiry about "your products" from a free mailbox is reply bait', async () => {
  const r = await judge({
    from: 'Patricia <pat.buyer1990@outlook.com>',
    dmarc: null,
    subject: 'Inquiry About Your Products and Pricing',
    html: '<p>Dear Sir/Madam, we are interested in your products. Could you share details of your products and your minimum order quantity?</p>',
  });
  assert.ok(rules(r).includes('reply-bait'), rules(r).join());
});

test('a tax refund promised by a stranger (Dutch, Japanese unpaid-tax seizure) is scam wording', async () => {
  const nl = await judge({
    from: 'FOD Financiën <info@digitalocea.example>',
    dmarc: null,
    subject: 'U heeft recht op een terugbetaling van €520',
    html: '<p>Na een herberekening heeft u recht op een terugbetaling van €520.</p>',
  });
  assert.ok(rules(nl).includes('scam-lure'), rules(nl).join());
  const ja = await judge({
    from: '納税システム <auto@bdwenjw.example.cn>',
    dmarc: null,
    subject: '【重要】税金未納に関する重要なお知らせ',
    html: '<p>延滞金が発生し、財産の差押を行います。</p>',
  });
  assert.ok(rules(ja).includes('scam-lure-heavy'), rules(ja).join());
});

test('a free dynamic-DNS name (No-IP, Dynu, DuckDNS, Dyn) is a host anyone can have', () => {
  for (const href of [
    'https://officerbar.servesarcasm.com/',
    'https://torped.geekgalaxy.com/',
    'https://cobranca.minhaclaros08.webredirect.org/',
    'https://notefix.from-in.com/fatura',
    'https://x.duckdns.org/',
  ])
    assert.deepEqual(linkRules(href), ['user-content-hosting'], href);
  assert.deepEqual(linkRules('https://www.noip.com/'), []);
});

test('a CV lure with a fake attachment card linking to a dynamic-DNS host is not clean', async () => {
  const r = await judge({
    from: 'Curriculum 473005 <root47247@past20.rastrbep.example>',
    dmarc: null,
    subject: 'Foto Currículo',
    html: '<p>segue, meu Currículo e Foto. Agradeço a oportunidade!</p><p><a href="https://torped.geekgalaxy.com/">CURRICULO E FOTO.docx 32 KB</a></p>',
  });
  assert.notEqual(r.verdict, 'clean', rules(r).join());
});

test('a link drawn as an attached file that opens a page elsewhere is a fake attachment', async () => {
  assert.equal(fileNameShown('CURRICULO .docx 32 KB'), 'CURRICULO .docx 32 KB');
  assert.equal(fileNameShown('Invoice_8812.pdf'), 'Invoice_8812.pdf');
  assert.equal(fileNameShown('https://example.com/a.pdf'), null);
  assert.equal(fileNameShown('Read the whole report on our website'), null);
  const lure = await judge({
    from: 'Financeiro <financeiro@loja-ficticia.example.com>',
    dmarc: null,
    subject: 'Segue Recibo',
    html: '<p>Segue abaixo o recibo.</p><p><a href="https://dados.entregas-ficticias.example.net/">Recibo_2291.pdf (128 KB)</a></p>',
  });
  assert.ok(rules(lure).includes('fake-attachment-link'), rules(lure).join());
  // The file itself, a document service, or an authenticated sender's own consistent mail: not judged.
  for (const [href, dmarc] of [
    ['https://dados.entregas-ficticias.example.net/Recibo_2291.pdf', null],
    ['https://1drv.ms/x/s!abc', null],
    ['https://www.loja-ficticia.example.com/recibos/2291', 'loja-ficticia.example.com'],
  ] as const) {
    const r = await judge({
      from: 'Financeiro <financeiro@loja-ficticia.example.com>',
      dmarc,
      subject: 'Segue Recibo',
      html: `<p>Segue abaixo o recibo.</p><p><a href="${href}">Recibo_2291.pdf (128 KB)</a></p>`,
    });
    assert.ok(!rules(r).includes('fake-attachment-link'), `${href}: ${rules(r).join()}`);
  }
});

test("a vendor-registration scam in a Gulf company's name, parcel redelivery in French and Chinese B2B spam are caught", async () => {
  const aramco = await judge({
    from: 'Saudi Aramco <brian@procurements-aramco.example.com>',
    dmarc: null,
    subject: 'Invitation to Partner with Saudi Aramco for 2026 Strategic Initiatives',
    html: '<p>Complete the vendor registration and send your expression of interest.</p>',
  });
  assert.ok(rules(aramco).includes('brand-in-sender-name'), rules(aramco).join());
  assert.notEqual(aramco.verdict, 'clean');
  const colis = await judge({
    from: 'Suivi <suivi@relais.example.net>',
    dmarc: null,
    subject: 'Votre livraison n’a pas pu être effectuée',
    html: '<p>Votre colis arrive ! Notre première tentative de livraison n’a pas pu aboutir.</p>',
  });
  assert.ok(
    rules(colis).some((id) => id.startsWith('scam-lure')),
    rules(colis).join(),
  );
  const cn = await judge({
    from: '<jinchukou@163.example.com>',
    dmarc: null,
    subject: '进出口报关',
    html: '<p>全国各地口岸买单报关，包税到门，代开发票。欢迎咨询：微信同号 178</p>',
  });
  assert.ok(rules(cn).includes('scam-lure-heavy'), rules(cn).join());
});

test("a relayed buyer inquiry with the list's footer still offers no link of its own (reply bait)", async () => {
  const text =
    'Dear Sir/Madam, we are very interested in your products. Please share your latest catalogue.\n--\nx-devel mailing list\nhttps://lists.example.org/lists/listinfo/x-devel\n';
  const list = [
    'List-Id: <x-devel.lists.example.org>',
    'List-Archive: <https://lists.example.org/pipermail/x-devel/>',
  ];
  const mail = await parseMessage(
    new TextEncoder().encode(
      `From: Patricia <pat.buyer1990@outlook.com>\r\nTo: <x-devel@lists.example.org>\r\nDate: Mon, 24 Nov 2025 10:00:00 +0000\r\nSubject: Inquiry About Your Products\r\n${list.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}`,
    ),
  );
  assert.ok(rules(analyzeParsed(mail)).includes('reply-bait'), rules(analyzeParsed(mail)).join());
});

test('mailbox words joined by hyphens or underscores ("Email-Disk-Usage") and undelivered-mail restores are mailbox-admin lures', async () => {
  for (const [from, subject] of [
    ['Lists-Email-Disk-Usage <support@japan-techno.example.com>', 'Notice'],
    ['Restoredesk <desk@restore-mail.example.net>', 'Restore pending undelivered mails'],
  ] as const) {
    const r = await judge({ from, dmarc: null, subject, html: '<p>Activate now.</p>' });
    assert.ok(rules(r).includes('mailbox-admin-foreign'), `${from}: ${rules(r).join()}`);
  }
});

test('Chinese customs-broker spam (报关, 清关, 产地证, 微信同号) piles up scam wording', async () => {
  const r = await judge({
    from: '<dftgyhv@hotmail.com>',
    dmarc: null,
    subject: '出口报关/报关单证',
    html: '<p>深圳一线出口报关，代办各种清关单证、各种产地证。微信同号</p>',
  });
  assert.ok(rules(r).includes('scam-lure-heavy'), rules(r).join());
});

test('European and Latin American banks, utilities and platforms of the 2023-26 lures are brands; a gift-card bait is scam wording', async () => {
  for (const from of [
    'ReclameAQUI <reservas@rhotelcentral.emktlw-02.example.com>',
    'AFIP Notificacion <cviera@afip.gov.ar.example.com>',
    'TARGOBANK <5p5jij2gxy@netvigator.example.com>',
    'Vattenvall <noreply@betalen-nu.example.nl>',
  ]) {
    const r = await judge({ from, dmarc: null, subject: 'Aviso', html: '<p>.</p>' });
    assert.ok(rules(r).includes('brand-in-sender-name'), `${from}: ${rules(r).join()}`);
  }
  const own = await judge({
    from: 'ABN AMRO <info@abnamro.nl>',
    dmarc: 'abnamro.nl',
    subject: 'Uw afschrift',
    html: '<p>.</p>',
  });
  assert.ok(!rules(own).includes('brand-in-sender-name'));
  const gift = await judge({
    from: 'GiftCardoffer <barbaralimon90@gmail.com>',
    dmarc: 'gmail.com',
    subject: 'Get Free amazon gift card is here',
    html: '<p>Step 1: claim your gift card. Step 2: proof you are human or verify humanity.</p>',
  });
  assert.ok(
    rules(gift).some((id) => id.startsWith('scam-lure')),
    rules(gift).join(),
  );
});

test("a backup service's own 'mail restore completed' notice is not the reader's mailbox spoken of from outside", async () => {
  const r = await judge({
    from: 'Backup Service <noreply@backup-vendor.example.com>',
    dmarc: 'backup-vendor.example.com',
    subject: 'Your mail restore is complete',
    html: '<p>The message restore you asked for has finished. <a href="https://app.backup-vendor.example.com/jobs/1">View job</a></p>',
  });
  assert.ok(!rules(r).includes('mailbox-admin-foreign'), rules(r).join());
});

test('"your 12 word passphrase is about to expire" from a stranger with a link is a wallet lure', async () => {
  const r = await judge({
    from: 'Blockchain <marketing@unihomes.example.com>',
    dmarc: null,
    subject: 'Notification.',
    html: '<p>Your 12 word passphrase is about to expire. If it is not updated in 48 hours your crypto wallet cannot be recovered. <a href="http://otp.wallet-renew.example.net/">Renew it now</a></p>',
  });
  assert.ok(rules(r).includes('crypto-claim-lure'), rules(r).join());
});

test('a voicemail lure copied into a real company footer: the lone "Download Voice Message" link is the lure', async () => {
  const r = await judge({
    from: 'VoiceMessage Caller928 <support@school-example.org>',
    dmarc: null,
    subject: 'New Message: You have a voice message waiting',
    html: '<p>You missed a call with an attached voice message.</p><p><a href="https://institute-example.org.br/wp-vm.html?upn=u001">Download Voice Message</a></p><p><a href="https://www.optimum.com/unsubscribe">Unsubscribe</a> | <a href="https://www.optimum.com/privacy">Privacy Policy</a></p>',
  });
  assert.ok(rules(r).includes('lure-link-elsewhere'), rules(r).join());
  assert.notEqual(r.verdict, 'clean');
});

test('content pushed 470,500 pixels out of sight is offscreen content; ordinary preheader hiding is not', async () => {
  const hidden = await judge({
    from: 'Eco Savings <webbsfans@cundaze.example.com>',
    dmarc: null,
    subject: 'Exclusive Peek',
    html: '<style>.belowView { margin-top: 470500px; }</style><p>Tomorrow’s energy tech today.</p><div class="belowView">filler words</div>',
  });
  assert.ok(rules(hidden).includes('offscreen-content'), rules(hidden).join());
  const preheader = await judge({
    from: 'Shop <news@shop.example.com>',
    dmarc: 'shop.example.com',
    subject: 'Sale',
    html: '<div style="display:none;max-height:0;overflow:hidden">Preview text</div><h1 style="text-indent:-9999px">Logo</h1><p>Our sale starts today.</p>',
  });
  assert.ok(!rules(preheader).includes('offscreen-content'), rules(preheader).join());
});

test('Miles & More named by a stranger with 3-D Secure wording is phishing; its own mail is not a brand finding', async () => {
  const lure = await judge({
    from: 'Miles & More <news-@gentaurshop.example.com>',
    dmarc: null,
    subject: 'Damit Sie weiterhin online bezahlen können',
    html: '<p>Aktivieren Sie jetzt 3D Secure. <a href="https://nicheparfumerie.example.cz/BERU/">Jetzt aktivieren</a></p>',
  });
  assert.equal(lure.verdict, 'phishing', rules(lure).join());
  const own = await judge({
    from: 'Miles & More <news@miles-and-more.com>',
    dmarc: 'miles-and-more.com',
    subject: 'Ihre Meilen',
    html: '<p>.</p>',
  });
  assert.ok(!rules(own).includes('brand-in-sender-name'));
});

test('a Chinese "account monitoring assistant" and a Brazilian "NF de venda" from strangers are not clean', async () => {
  const cn = await judge({
    from: '账户监控助手 <xiaomi@lianai120.com>',
    dmarc: null,
    subject: '账户安全：立即采取措施',
    html: '<p>我们发现了来自异地的登录尝试。请访问<a href="https://sec-center-cn.com/">安全中心</a>重置密码。</p>',
  });
  assert.notEqual(cn.verdict, 'clean', rules(cn).join());
  const nf = await judge({
    from: 'COMERCIO LTDA 833137 <contato83297@uol4.gabressinge.example.net>',
    dmarc: null,
    subject: 'SEGUE NF DE VENDA',
    html: '<p>Segue abaixo Notas Fiscais. <a href="https://nf-download.example.org/x">NFe0023.xml</a></p>',
  });
  assert.ok(rules(nf).includes('document-lure'), rules(nf).join());
});
