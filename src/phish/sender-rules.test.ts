import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { Findings } from './catalog.js';
import { authResults, checkAuthentication, checkSender, readSender } from './sender-rules.js';

const enc = (text: string) => new TextEncoder().encode(text);

async function senderRules(headers: string): Promise<string[]> {
  const mail = await parseMessage(enc(`${headers}\r\nSubject: x\r\n\r\nbody\r\n`));
  const out = new Findings();
  const sender = readSender(mail);
  checkSender(mail, sender, out);
  checkAuthentication(mail, sender, out);
  return out.list().map((f) => f.rule);
}

test('authResults reads method=result pairs (RFC 8601)', () => {
  assert.deepEqual(
    authResults(
      'mx.example; spf=softfail smtp.mailfrom=a.example; dkim=none; dmarc=fail action=none header.from=a.example;compauth=fail reason=001',
    ),
    [
      { method: 'spf', result: 'softfail' },
      { method: 'dkim', result: 'none' },
      { method: 'dmarc', result: 'fail' },
      { method: 'compauth', result: 'fail' },
    ],
  );
  assert.deepEqual(authResults('mx.example; arc=none; xdkim=fail'), []);
});

test('brand display names on foreign domains, not on the brand own domain', async () => {
  assert.deepEqual(await senderRules('From: "FedEx Delivery" <notice@parcel-help.example.com>'), [
    'brand-in-sender-name',
  ]);
  assert.deepEqual(await senderRules('From: "FedEx Delivery" <notice@fedex.com>'), []);
});

test("a brand's name on one of the free mailboxes it gives anyone is a stranger, not the brand", async () => {
  assert.deepEqual(await senderRules('From: "Google Play" <rosalinda.parker55@gmail.com>'), [
    'brand-in-sender-name',
  ]);
  assert.deepEqual(await senderRules('From: "Microsoft Billing" <ms.billing.desk@outlook.com>'), [
    'brand-in-sender-name',
  ]);
  // Its own service addresses on those domains, and its corporate domain, are the brand's.
  assert.deepEqual(await senderRules('From: "Gmail Team" <mail-noreply@gmail.com>'), []);
  assert.deepEqual(await senderRules('From: "Google Play" <googleplay-noreply@google.com>'), []);
  assert.deepEqual(await senderRules('From: "Xfinity" <online.communications@alerts.comcast.net>'), []);
  // A user's address that only holds the word, or ends in a dot, is still a user's.
  for (const from of [
    'noreply.googleplay.help@gmail.com',
    'ms_no_reply_team@outlook.com',
    'someone@gmail.com.',
  ])
    assert.deepEqual(
      await senderRules(`From: "Google Play Microsoft" <${from}>`),
      ['brand-in-sender-name'],
      from,
    );
});

test('invalid and missing From addresses; a From that is the recipient is left to other rules', async () => {
  assert.deepEqual(await senderRules('From: Prize Dept <>'), ['sender-address-invalid']);
  assert.deepEqual(await senderRules('From: Aviso <aviso@detran>'), ['sender-address-invalid']);
  assert.deepEqual(await senderRules('From: <me@localbox>\r\nTo: <me@localbox>'), []);
  assert.deepEqual(await senderRules('From: Ville <ville@iki.fi>'), []);
});

test('Reply-To: free webmail counts, another company domain only informs', async () => {
  assert.deepEqual(
    await senderRules('From: Billing <billing@shop.example.com>\r\nReply-To: billing.dept@gmail.com'),
    ['reply-to-freemail'],
  );
  assert.deepEqual(await senderRules('From: Jane <jane@a.example.com>\r\nReply-To: list@b.example.net'), [
    'reply-to-other-domain',
  ]);
});

test('authentication failures come from the topmost Authentication-Results headers only', async () => {
  assert.deepEqual(
    await senderRules(
      'Authentication-Results: mx.example; spf=pass; dkim=pass; dmarc=fail\r\nFrom: A <a@a.example.com>',
    ),
    ['dmarc-fail'],
  );
  const many = Array.from({ length: 5 }, () => 'Authentication-Results: x; spf=pass').join('\r\n');
  assert.deepEqual(
    await senderRules(`${many}\r\nAuthentication-Results: x; dmarc=fail\r\nFrom: A <a@a.example.com>`),
    [],
  );
});

test('a From showing an address on another domain, as display name or as a first mailbox', async () => {
  assert.deepEqual(await senderRules('From: "Parkside@Lidl.de", <service@stayfriends.de>'), [
    'sender-shows-other-address',
  ]);
  assert.deepEqual(await senderRules('From: "billing@bank.example.com" <x@other.example.net>'), [
    'sender-shows-other-address',
  ]);
  assert.deepEqual(await senderRules('From: "ann@example.com" <ann@example.com>'), []);
});

test('a list that rewrote From to itself: the author in Reply-To or X-Original-From is the sender', async () => {
  const rewritten = await parseMessage(
    enc(
      'From: "Marcus Leech via USRP-users" <usrp-users@lists.ettus.com>\r\nList-Id: USRP <usrp-users.lists.ettus.com>\r\nReply-To: "Marcus Leech" <leech@gmail.com>\r\nSubject: x\r\n\r\nbody\r\n',
    ),
  );
  assert.deepEqual(readSender(rewritten), {
    name: 'Marcus Leech',
    address: 'leech@gmail.com',
    domain: 'gmail.com',
  });
  const groups = await parseMessage(
    enc(
      'From: "\'Kun Hu\' via kasan-dev" <kasan-dev@googlegroups.com>\r\nList-Id: <kasan-dev.googlegroups.com>\r\nX-Original-From: Kun Hu <kun@example.com>\r\nSubject: x\r\n\r\nbody\r\n',
    ),
  );
  assert.equal(readSender(groups)?.address, 'kun@example.com');
  assert.equal(readSender(groups)?.name, 'Kun Hu');
  // "via" in a name from an address that is not the list's stays as it is.
  const plain = await parseMessage(
    enc(
      'From: "Sales via Partner" <sales@example.com>\r\nList-Id: <news.example.org>\r\nReply-To: x@gmail.com\r\nSubject: x\r\n\r\nbody\r\n',
    ),
  );
  assert.equal(readSender(plain)?.address, 'sales@example.com');
});
