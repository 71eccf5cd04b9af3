import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { parseAuthResults, readAuthentication } from './auth.js';
import { nameFitsHost } from './identity-rules.js';

const enc = (s: string) => new TextEncoder().encode(s);

test('Authentication-Results: methods, results and properties; comments dropped', () => {
  const r = parseAuthResults(
    'mx.example.net; dkim=pass (2048-bit key) header.d=Mail.Example.com header.s=s1; spf=softfail smtp.mailfrom=x@y.example; dmarc=pass (p=REJECT) header.from=example.com',
  );
  assert.deepEqual(
    r.map((x) => [x.method, x.result]),
    [
      ['dkim', 'pass'],
      ['spf', 'softfail'],
      ['dmarc', 'pass'],
    ],
  );
  assert.equal(r[0]?.props.get('header.d'), 'mail.example.com');
  assert.equal(r[2]?.props.get('header.from'), 'example.com');
});

async function auth(headers: string, from = 'news@mail.example.com') {
  const mail = await parseMessage(enc(`${headers}From: <${from}>\r\nSubject: x\r\n\r\nbody\r\n`));
  return readAuthentication(mail, 'example.com');
}

test('only the topmost header counts for a pass; alignment is by registrable domain', async () => {
  const pass = await auth('Authentication-Results: mx.example.net; dmarc=pass header.from=example.com\r\n');
  assert.equal(pass.how, 'dmarc');
  const forged = await auth(
    'Authentication-Results: mx.example.net; dmarc=fail header.from=example.com\r\nAuthentication-Results: evil; dmarc=pass header.from=example.com\r\n',
  );
  assert.equal(forged.domain, null);
  const dkim = await auth(
    'Authentication-Results: mx.example.net; dkim=pass header.d=bounce.example.com\r\n',
  );
  assert.equal(dkim.how, 'dkim');
  const esp = await auth('Authentication-Results: mx.example.net; dkim=pass header.d=sendgrid.net\r\n');
  assert.equal(esp.domain, null);
  assert.deepEqual(esp.dkimDomains, ['sendgrid.net']);
});

test('a display name fits its domain when a label spells its words', () => {
  assert.equal(nameFitsHost('Uber Eats', 'mail.ubereats.com'), true);
  assert.equal(nameFitsHost('Chase', 'alerts.chase.com'), true);
  assert.equal(nameFitsHost("Lowe's Rewards", 'email.lowes.com'), true);
  assert.equal(nameFitsHost('PayPal Service', 'secure-account-review.example.com'), false);
});

test('a domain shown in the display name is the sender it claims to be', async () => {
  const { analyzeMessage } = await import('./analyze.js');
  const r = await analyzeMessage(
    enc('From: "IT-lists.example.org" <postmaster@mailer.example.net>\r\nSubject: mailbox\r\n\r\nhello\r\n'),
  );
  assert.ok(r.findings.some((f) => f.rule === 'sender-name-shows-domain' && f.role === 'impersonation'));
  const own = await analyzeMessage(
    enc('From: "shop.example.net" <news@shop.example.net>\r\nSubject: x\r\n\r\nhi\r\n'),
  );
  assert.ok(!own.findings.some((f) => f.rule === 'sender-name-shows-domain'));
});

test("a receiver's record split over one header per method (Fastmail) is read whole", async () => {
  const split =
    'Authentication-Results: mx1.messagingengine.com;\r\n    x-csa=none; x-ptr=pass smtp.helo=a1.smtp-out.example.net\r\n' +
    'Authentication-Results: mx1.messagingengine.com;\r\n    arc=none (no signatures found)\r\n' +
    'Authentication-Results: mx1.messagingengine.com;\r\n    dkim=pass header.d=example.com header.s=s1;\r\n    dmarc=pass policy.published-domain-policy=quarantine\r\n';
  const whole = await auth(split);
  assert.equal(whole.how, 'dmarc');
  assert.equal(whole.domain, 'example.com');
  // Another receiver's header, or any header in between, ends the record: a forger's
  // Authentication-Results further down never join it.
  const other = await auth(
    'Authentication-Results: mx1.messagingengine.com; x-ptr=pass\r\nAuthentication-Results: evil.example; dmarc=pass\r\n',
  );
  assert.equal(other.domain, null);
  const apart = await auth(
    'Authentication-Results: mx1.messagingengine.com; x-ptr=pass\r\nReceived: from x\r\nAuthentication-Results: mx1.messagingengine.com; dmarc=pass\r\n',
  );
  assert.equal(apart.domain, null);
  // A pass the record also fails is no pass.
  const both = await auth(
    'Authentication-Results: mx1.messagingengine.com; dmarc=fail header.from=example.com\r\nAuthentication-Results: mx1.messagingengine.com; dmarc=pass header.from=example.com\r\n',
  );
  assert.equal(both.domain, null);
});

test("the message's own forged header right under the receiver's, with its authserv-id, adds nothing (review)", async () => {
  // The receiver states its checks; a header below with the same id is the sender's, not its.
  const forged = await auth(
    'Authentication-Results: mx.example.org; spf=softfail smtp.mailfrom=x.example; dkim=none; dmarc=none\r\n' +
      'Authentication-Results: mx.example.org; dkim=pass header.d=example.com; dmarc=pass header.from=example.com\r\n',
  );
  assert.equal(forged.domain, null);
  assert.deepEqual(forged.dkimDomains, []);
  // A split record takes each method from the first header that states it.
  const split = await auth(
    'Authentication-Results: mx1.messagingengine.com; x-ptr=pass\r\n' +
      'Authentication-Results: mx1.messagingengine.com; dmarc=fail header.from=example.com\r\n' +
      'Authentication-Results: mx1.messagingengine.com; dmarc=pass header.from=example.com\r\n',
  );
  assert.equal(split.domain, null);
  // A pass the record answers otherwise (none, softfail) for the same check is no pass.
  const none = await auth(
    'Authentication-Results: mx.example.org; dmarc=none; dmarc=pass header.from=example.com\r\n',
  );
  assert.equal(none.domain, null);
});
