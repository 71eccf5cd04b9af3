import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogEntry } from '../check/catalog-types.js';
import { attributeBlocklist, extractRejectedIp } from './attribution.js';
import { builtinListNames, parseListNames } from './list-names.js';

test('the ATTRBL example from the issue gives AT&T, the IP and the delisting URL', () => {
  const got = attributeBlocklist(
    '553 5.3.0 flpd124 - DNSBL:ATTRBL 521< 198.51.100.7 >_is_blocked. For information see http://att.net/blocks',
  );
  assert.equal(got?.name, 'AT&T ATTRBL');
  assert.equal(got?.ip, '198.51.100.7');
  assert.equal(got?.delist, 'http://att.net/blocks');
});

test("AT&T's DNSBL:RBL variant and BellSouth's LDAP list are recognised", () => {
  const att = attributeBlocklist(
    '553 5.3.0 alph137 DNSBL:RBL 521< 203.0.113.8 >_is_blocked.For assistance forward this email to abuse_rbl@abuse-att.net',
  );
  assert.equal(att?.name, 'AT&T ATTRBL');
  assert.equal(att?.ip, '203.0.113.8');
  const bls = attributeBlocklist('550 <203.0.113.9> blocked by ldap:ou=rblmx,dc=bellsouth,dc=net');
  assert.equal(bls?.name, 'BellSouth (AT&T) rblmx');
  assert.equal(bls?.ip, '203.0.113.9');
});

test('a DNSBL zone in Postfix wording is recognised even when not in the catalog', () => {
  const got = attributeBlocklist(
    '554 5.7.1 Service unavailable; Client host [203.0.113.4] blocked using rbl.example.org',
  );
  assert.equal(got?.zone, 'rbl.example.org');
  assert.equal(got?.ip, '203.0.113.4');
});

test('the catalog passed in decides names and delisting facts; no module state', () => {
  const entry = {
    zone: 'dnsbl.example.net',
    name: 'Example DNSBL',
    delist: 'https://example.net/delist',
    policy: { kinds: ['self-service'], text: 'Wait a day.' },
  } as unknown as CatalogEntry;
  const ctx = { catalog: [entry], names: builtinListNames() };
  const got = attributeBlocklist('550 5.7.1 Client host [203.0.113.5] listed at dnsbl.example.net', ctx);
  assert.equal(got?.name, 'Example DNSBL');
  assert.equal(got?.delist, 'https://example.net/delist');
  assert.equal(got?.policy, 'Wait a day.');
  // The same text with the built-in catalog does not know the zone: the name is the zone itself.
  assert.equal(
    attributeBlocklist('550 5.7.1 Client host [203.0.113.5] listed at dnsbl.example.net')?.delist,
    null,
  );
});

test('greylisting, rDNS, HELO and SPF refusals are not listings even when a site follows', () => {
  for (const text of [
    '450 4.2.0 <a@example.org>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.org.html',
    '450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.7]',
    '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname',
    '550 5.7.23 SPF validation failed, listed in spf.example.org records',
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('no list named: null', () => {
  assert.equal(
    attributeBlocklist('550 5.1.1 <a@example.net>: Recipient address rejected: User unknown'),
    null,
  );
  assert.equal(extractRejectedIp('no address here'), null);
});

test("Spamhaus's open-resolver URL names the resolver, not the refused IP", () => {
  const got = attributeBlocklist(
    '554 5.7.1 Service unavailable; Client host [redacted] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/46.38.225.230/',
  );
  assert.equal(got?.zone, 'zen.spamhaus.org');
  assert.equal(got?.ip, null);
});

test('the names file is validated at load: a bad field fails loudly', () => {
  assert.throws(() => parseListNames({ products: [{ name: 'x', contains: ['UPPER'] }] }), /lower case/);
  assert.throws(
    () => parseListNames({ products: [], providers: [{ name: 'x', pattern: '(' }] }),
    /regular expression/,
  );
  assert.throws(() => parseListNames([]), /must be an object/);
});

test('product names without a zone in the text: Talos/SenderBase, Barracuda RBL, Spam Eating Monkey', () => {
  const talos = attributeBlocklist(
    '554 5.7.1 Access denied: 192.0.2.44 has poor reputation, see http://www.senderbase.org/lookup?search_string=192.0.2.44',
  );
  assert.equal(talos?.name, 'Cisco Talos (SenderBase) reputation');
  assert.equal(talos?.ip, '192.0.2.44');
  assert.equal(
    attributeBlocklist('550 5.7.1 Client host [192.0.2.45] blocked using Barracuda RBL')?.zone,
    'b.barracudacentral.org',
  );
  assert.equal(
    attributeBlocklist('554 Rejected: 192.0.2.46 listed by Spam Eating Monkey')?.zone,
    'bl.spameatingmonkey.net',
  );
  // A Barracuda appliance's own policy refusal names no list.
  assert.equal(
    attributeBlocklist('550 5.7.1 <a@b.test>: Recipient address rejected: cuda_nsu blocked by policy'),
    null,
  );
});

test('a zone after a bare "blocked by" is a list only when its labels say so', () => {
  const got = attributeBlocklist(
    'Mail refused: blocked by dnsbl-strict.example.org (in reply to MAIL FROM command)',
  );
  assert.equal(got?.zone, 'dnsbl-strict.example.org');
  assert.equal(attributeBlocklist('550 Message blocked by mx2.example.org content policy'), null);
});

test("Spamhaus's return-code page explains a refused query, not a listing", () => {
  assert.equal(
    attributeBlocklist(
      '451 Error: excessive number of queries; https://www.spamhaus.org/returnc/vol/198.51.100.3',
    ),
    null,
  );
  // Named outright, the zone still counts.
  assert.equal(
    attributeBlocklist(
      '554 5.7.1 Client host [192.0.2.9] blocked using zen.spamhaus.org; https://www.spamhaus.org/returnc/pub/192.0.2.1',
    )?.zone,
    'zen.spamhaus.org',
  );
});

test("Comcast's older three-digit BL codes name Comcast's list", () => {
  const got = attributeBlocklist(
    '554 mx1.comcast.net comcast 192.0.2.60 Comcast BL004 Blocked, see comcast help',
  );
  assert.equal(got?.name, 'Comcast');
  assert.equal(got?.ip, '192.0.2.60');
});

test('the MAPS zones read as Trend Micro lists (Trend Micro runs MAPS)', () => {
  const got = attributeBlocklist(
    '550 Mail from 192.0.2.61 refused by rbl-plus.mail-abuse.org; see http://mail-abuse.org/rbl+',
  );
  assert.match(got?.name ?? '', /^Trend Micro MAPS RBL\+/);
  assert.equal(got?.zone, 'rbl-plus.mail-abuse.org');
});

test("Orange's OFR006 code names Orange's list also with its _NNN suffix", () => {
  const got = attributeBlocklist('550 mwinf0001 ME Service refuse, IP 192.0.2.62 bloquee. OFR006_107 [107]');
  assert.equal(got?.name, 'Orange blocklist');
  assert.equal(got?.ip, '192.0.2.62');
});

test("Telekom's dial-up refusal names T-Online's list; 0spam is named by its product name", () => {
  const dial = attributeBlocklist(
    '554 IP=192.0.2.63 - Dialup/transient IP not allowed. Use a mailgateway or contact toda@rx.t-online.de if obsolete. (DIAL)',
  );
  assert.match(dial?.name ?? '', /^T-Online/);
  assert.equal(dial?.ip, '192.0.2.63');
  const zero = attributeBlocklist('550 5.7.1 Refused: 192.0.2.64 is listed on 0spam');
  assert.equal(zero?.zone, 'bl.0spam.org');
});

test('lists named by a short product name the catalog display name does not carry alone', () => {
  for (const [text, zone] of [
    ['554 5.7.1 Refused, 192.0.2.65 appears on WPBL', 'db.wpbl.info'],
    ['550 Not accepted: 192.0.2.66 listed in Suomispam', 'bl.suomispam.net'],
    ['550 5.7.1 192.0.2.67 is listed by LashBack', 'ubl.unsubscore.com'],
  ] as const) {
    const got = attributeBlocklist(text);
    assert.equal(got?.zone, zone, text);
    assert.match(got?.ip ?? '', /^192\.0\.2\.6\d$/);
  }
});

test("Exchange's 'Remote Server at HOST (IP) returned' names the receiving server, not the refused IP", () => {
  const got = attributeBlocklist(
    "Remote Server at mx.example.com (198.51.100.90) returned '550 5.7.1 Service unavailable; Client host [192.0.2.90] blocked using bl.spamcop.net'",
  );
  assert.equal(got?.zone, 'bl.spamcop.net');
  assert.equal(got?.ip, '192.0.2.90');
  assert.equal(extractRejectedIp("returned '554 5.7.1 refused, 192.0.2.91 listed'"), '192.0.2.91');
});

test('an IPv6 sender is named whatever its shape: "::" between groups, an address literal, never a clock time', () => {
  assert.equal(
    extractRejectedIp(
      '554 5.7.1 Service unavailable; Client host [2001:db8::25] blocked using zen.spamhaus.org',
    ),
    '2001:db8::25',
  );
  assert.equal(
    extractRejectedIp('550 5.7.1 [IPv6:2001:db8:4864:20::42f] blocked using bl.example.net'),
    '2001:db8:4864:20::42f',
  );
  assert.equal(extractRejectedIp('Jan  2 07:31:13 mx: 554 listed, try at 10:00:00 again'), null);
  assert.equal(
    extractRejectedIp('554 host mx.example.org [2001:db8::1] said: 550 client 2001:db8::99 listed'),
    '2001:db8::99',
  );
});

test('an unnamed list a site keeps ("listed in our private RBL", "in our local blacklist") is attributed as such', () => {
  const r = attributeBlocklist('554 5.7.1 Your IP 192.0.2.9 is listed in our private RBL');
  assert.equal(r?.name, 'an unnamed blocklist (RBL)');
  assert.equal(r?.ip, '192.0.2.9');
  assert.equal(attributeBlocklist('554 5.7.1 listed in our local blacklist: 192.0.2.1')?.ip, '192.0.2.1');
  // A spam folder is no list.
  assert.equal(attributeBlocklist('550 message is in the spam folder'), null);
});
