/**
 * A list named by its short product or brand name counts only in listing context. The wordings
 * below were written for this test from the MTA wordings and the lists' help pages (no corpus
 * text): every wording × every list must give that list and the IP; every negative must give none.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadBuiltinCatalog } from '../check/catalog.js';
import { attributeBlocklist } from './attribution.js';
import namesJson from './blocklist-names.json' with { type: 'json' };
import { indexContext, namedInContext } from './list-context.js';
import { builtinListNames, parseListNames } from './list-names.js';

const IP = '198.51.100.23';

/** Listing wordings: {L} is the list's short name. */
const WORDINGS: string[] = [
  `550 5.7.1 Your IP address ${IP} is on the {L} blocklist`,
  `554 ${IP} is blacklisted at {L}`,
  `554 Rejected: IP ${IP} blacklisted in {L}`,
  `550 ${IP} listed on {L} blacklist`,
  `550 Message from ${IP} rejected due to {L} listing`,
  `550 5.7.1 ${IP}: {L} listed`,
  `550 Your server ${IP} is in {L} RBL`,
  `550 IP ${IP} is listed in {L}'s blocklist`,
  `550 ${IP} appears on the {L} list`,
  `554 rejected: ${IP} {L}: listed`,
  `550 5.7.1 Connection from ${IP} rejected by {L} RBL`,
  `554 Connection refused - ${IP} is listed by {L}`,
  `421 4.7.1 Temporarily deferred: ${IP} found on {L} blocklist`,
  `550 5.7.1 Sender ${IP} listed at the {L} DNSBL`,
  `554 5.7.1 Message refused; host ${IP} is blacklisted by {L}, see their site`,
  `Our mail server ${IP} got listed on the {L} blacklist yesterday and mail bounces`,
];

/** Short names as admins write them, and the list each names (catalog zone, or product name). */
const LISTS: [string, { zone?: string; name?: string }][] = [
  ['Barracuda', { zone: 'b.barracudacentral.org' }],
  ['PSBL', { zone: 'psbl.surriel.com' }],
  ['SpamCop', { zone: 'bl.spamcop.net' }],
  ['SORBS', { zone: 'dnsbl.sorbs.net' }],
  ['UCEPROTECT', { zone: 'dnsbl-1.uceprotect.net' }],
  ['UCEPROTECT Level 2', { zone: 'dnsbl-2.uceprotect.net' }],
  ['Invaluement', { name: 'Invaluement' }],
  ['Mailspike', { zone: 'bl.mailspike.net' }],
  ['SpamRATS', { zone: 'all.spamrats.com' }],
  ['Truncate', { zone: 'truncate.gbudb.net' }],
  ['GBUdb', { zone: 'truncate.gbudb.net' }],
  ['Manitu', { zone: 'ix.dnsbl.manitu.net' }],
  ['NiX Spam', { zone: 'ix.dnsbl.manitu.net' }],
  ['Proofpoint', { name: 'Proofpoint' }],
  ['Cloudmark', { name: 'Cloudmark CSI' }],
  ['Spamhaus', { zone: 'zen.spamhaus.org' }],
  ['Spamhaus PBL', { zone: 'pbl.spamhaus.org' }],
  ['Spamhaus SBL', { zone: 'sbl.spamhaus.org' }],
  ['Spamhaus XBL', { zone: 'xbl.spamhaus.org' }],
  ['PBL', { zone: 'pbl.spamhaus.org' }],
  ['CBL', { zone: 'cbl.abuseat.org' }],
  ['Abusix', { zone: 'combined.mail.abusix.zone' }],
  ['DroneBL', { zone: 'dnsbl.dronebl.org' }],
  ['Lashback', { zone: 'ubl.unsubscore.com' }],
  ['Hostkarma', { zone: 'hostkarma.junkemailfilter.com' }],
  ['s5h', { zone: 'all.s5h.net' }],
  ['Backscatterer', { zone: 'ips.backscatterer.org' }],
  ['SURBL', { zone: 'multi.surbl.org' }],
  ['URIBL', { zone: 'multi.uribl.com' }],
  ['SPFBL', { zone: 'dnsbl.spfbl.net' }],
  ['InterServer', { zone: 'rbl.interserver.net' }],
  ['Sender Score', { zone: 'bl.score.senderscore.com' }],
  ['Trend Micro', { name: 'Trend Micro Email Reputation' }],
  ['Spam Eating Monkey', { zone: 'bl.spameatingmonkey.net' }],
  ['T-Online', { name: 'T-Online (Telekom) blocklist' }],
  ['Comcast', { name: 'Comcast' }],
];

test(`wording × list matrix: ${WORDINGS.length} wordings × ${LISTS.length} lists name the list and the IP`, () => {
  const misses: string[] = [];
  for (const wording of WORDINGS)
    for (const [short, want] of LISTS) {
      const text = wording.replace('{L}', short);
      const got = attributeBlocklist(text);
      const ok =
        got !== null &&
        got.ip === IP &&
        (want.zone ? got.zone === want.zone : got.name === want.name && got.zone === null);
      if (!ok) misses.push(`${text} -> ${got ? `${got.name}/${got.zone}/${got.ip}` : 'none'}`);
    }
  assert.deepEqual(misses, []);
});

test('a brand named as the rejecting filter, gateway or provider is no listing', () => {
  for (const text of [
    '550 5.7.1 Barracuda: message content rejected',
    '554 Proofpoint rejected the message as spam',
    "550 5.7.1 Message blocked by Proofpoint's URL defense",
    '550 Blocked by Proofpoint Essentials policy: attachment type not allowed',
    '554 5.7.1 Mimecast: message rejected by the customer policy',
    '550 Rejected by Mimecast content policy',
    '550 5.7.1 Barracuda Email Security Gateway: message rejected by content filter',
    '554 5.7.1 Rejected by the Barracuda spam firewall: spam score too high',
    '550 5.1.1 The recipient mailbox on Proofpoint-hosted mail does not exist',
    '550 5.1.1 user@hotmail.com: Recipient address rejected: user unknown in Outlook',
    '421 4.7.0 Try again later, Cloudmark scanning service busy',
    '554 Message rejected: X-Barracuda-Spam-Score 9.5 over the blocklist threshold',
    '550 5.7.1 Message truncated by the server; Truncate the attachments and send again',
    '550 5.7.1 Google blocked this message because of its content',
    '550 5.7.1 Cisco IronPort: message rejected by the outbreak filter, on the Cisco block list of attachment types',
    '554 5.7.1 Message blocked by Barracuda Email Security Service: virus detected',
    "550 Mimecast: Rejected by the Mimecast customer's blocked senders list",
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('allow-lists are never a listing: DNSWL, Spamhaus SWL, a "whitelist"', () => {
  for (const text of [
    `550 5.7.1 ${IP} listed in list.dnswl.org`,
    `554 ${IP} is listed on DNSWL.org`,
    `550 Client ${IP} found on swl.spamhaus.org`,
    `550 Rejected: ${IP} is not on the Barracuda whitelist`,
    `554 ${IP} is not in the Proofpoint list of allowed senders`,
    `550 ${IP} is listed on the SPFBL allowlist`,
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('greylisting, rDNS/PTR, HELO, SPF/DMARC and rate limits are no listing, a brand nearby or not', () => {
  for (const text of [
    `450 4.7.1 ${IP}: Recipient address rejected: Greylisted by the Barracuda appliance, try again`,
    `450 4.7.1 Client host rejected: cannot find your reverse hostname, [${IP}] (Proofpoint)`,
    `550 5.7.1 ${IP}: no PTR record; Barracuda requires rDNS`,
    '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname (Spamhaus listed hosts are refused too)',
    '550 5.7.23 SPF validation failed for example.org: the Barracuda blacklist is not involved',
    '550 5.7.1 DMARC policy of example.org: reject, Proofpoint listed the domain as failing',
    `421 4.7.28 ${IP} rate limited by Google, too many messages`,
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('a negation bears on the listing only: "Not accepted: IP listed in X" is a listing', () => {
  assert.equal(
    attributeBlocklist(`550 Not accepted: ${IP} listed on the Barracuda blocklist`)?.zone,
    'b.barracudacentral.org',
  );
  assert.equal(
    attributeBlocklist(`553 Connections not accepted from ${IP}, listed in PSBL`)?.zone,
    'psbl.surriel.com',
  );
});

test('a negation before the list is no listing', () => {
  for (const text of [
    `550 5.7.1 Your IP ${IP} is not listed on Spamhaus; rejected for content`,
    `550 Sender not whitelisted: ${IP} is not on the Spamhaus allowed list`,
    `550 5.7.1 ${IP} is not listed on Barracuda; rejected by local policy`,
    `550 5.7.1 ${IP} was removed from the PSBL blocklist, rejected by policy`,
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('a brand referring to an unknown product or provider fails at load', () => {
  const bad = structuredClone(namesJson) as { brands: { product?: string }[] };
  bad.brands[0]!.product = 'No Such Product';
  assert.throws(() => parseListNames(bad), /brands\[0\]\.product names no product/);
  const upper = structuredClone(namesJson) as { brands: { words: string[] }[] };
  upper.brands[0]!.words = ['Barracuda'];
  assert.throws(() => parseListNames(upper), /brands\[0\]\.words must be lower case/);
  assert.ok(builtinListNames().brands.length > 20);
});

test('hostile input: 1 MB of brand and listing words is read at once (the runner timeout is the bound)', () => {
  const names = builtinListNames();
  const index = indexContext(names, loadBuiltinCatalog());
  const cases: [string, string | null][] = [
    ['barracuda blocklist listed on the ', 'product'],
    ['on the proofpoint ', null],
    ['psbl ', null],
    ['listed in. truncate listing. ', null],
    ['x-barracuda-spam-score ', null],
  ];
  for (const [unit, kind] of cases) {
    const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
    assert.equal(namedInContext(text, names, index).target?.kind ?? null, kind, unit);
    assert.equal(attributeBlocklist(text)?.name ?? null, kind ? 'Barracuda BRBL' : null, unit);
  }
});

test('a listing stated without a list name is an unnamed blocklist, with the IP', () => {
  const misses: string[] = [];
  for (const text of [
    `550 5.7.1 Your IP address ${IP} is blacklisted`,
    `553 sorry, your IP ${IP} is blacklisted`,
    `554 5.7.1 Client host rejected: IP ${IP} blacklisted`,
    `550 RBL check failed for ${IP}`,
    `550 5.7.1 Mail from ${IP} denied by RBL`,
    `550 IP ${IP} listed in a DNS blacklist`,
    `550 5.7.1 ${IP} is listed in several DNSBLs`,
    `554 5.7.1 The sending IP ${IP} is listed on a spam blocklist`,
    `550 Your IP ${IP} has been blacklisted`,
    `550 5.7.1 Rejected: ${IP} listed at a DNSBL`,
    `554 Blacklisted IP ${IP}`,
    `554 5.7.1 Rejected: your IP ${IP} appears on a blacklist`,
    `421 4.7.0 IP ${IP} blocklisted`,
    `550 5.7.1 Connection refused: IP ${IP} in RBL`,
    `550 5.7.1 Client IP ${IP} blacklisted by DNSBL`,
    `554 Blocked - IP ${IP} on blacklist`,
    `550 Your server ${IP} is listed on one or more real-time blacklists`,
    `554 5.7.1 ${IP} rejected: found in DNS blocklist`,
    `550 RBL rejection for ${IP}`,
    `550 Mail server IP ${IP} listed on spam blacklists`,
    `554 Your server ${IP} is on several blacklists`,
    `554 Sender IP ${IP} is on a spam blacklist`,
    `550 5.7.1 You are blacklisted (${IP})`,
  ]) {
    const got = attributeBlocklist(text);
    if (got?.name !== 'an unnamed blocklist (RBL)' || got.ip !== IP) misses.push(text);
  }
  assert.deepEqual(misses, []);
  assert.equal(attributeBlocklist('550 Blocked by RBL')?.name, 'an unnamed blocklist (RBL)');
  assert.equal(attributeBlocklist('554 Rejected by DNSBL')?.name, 'an unnamed blocklist (RBL)');
});

test("a recipient's own block of a sender address, a negation or a lookup failure is no unnamed list", () => {
  for (const text of [
    '550 5.7.1 Sender address blacklisted',
    '550 5.7.1 <a@example.org>: Sender address rejected: Access denied (in blacklist)',
    '554 5.7.1 Recipient address blacklisted by the user',
    '550 5.7.1 Sender address a@example.org is listed in the blacklist of this recipient',
    '550 5.7.1 IP address blacklisted by recipient',
    '550 Your domain example.org is blacklisted by this recipient',
    '550 5.7.1 Message content blacklisted: URL in message body',
    '451 4.7.1 DNSBL lookup timed out, try again later',
    `550 5.7.1 ${IP} is not listed in any blacklist, rejected for policy`,
    `550 5.7.1 Your IP ${IP} is whitelisted but the message was refused`,
    '550 5.1.1 User unknown; address not listed in directory',
    '550 5.7.1 Sender blacklisted by recipient',
    '550 You are blacklisted by this recipient',
    '550 Sender address is listed on spam blacklist',
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('closed lists are named by their short names (ORDB, SPEWS, DSBL, NJABL, AHBL)', () => {
  for (const [short, zone] of [
    ['ORDB', 'ordb.org'],
    ['SPEWS', 'spews.org'],
    ['DSBL', 'list.dsbl.org'],
    ['NJABL', 'dnsbl.njabl.org'],
    ['AHBL', 'dnsbl.ahbl.org'],
  ]) {
    const got = attributeBlocklist(`550 5.7.1 Rejected: ${IP} is listed in ${short}`);
    assert.equal(got?.zone, zone, short);
    assert.equal(got?.ip, IP, short);
  }
});

test("a capitalised name before a listing noun names a list the tables do not know (an ISP's own list)", () => {
  assert.equal(
    attributeBlocklist(`550 5.7.1 Your IP ${IP} is listed in ROTA blacklist`)?.name,
    'ROTA blocklist',
  );
  assert.equal(attributeBlocklist(`554 Rejected: Telia RBL lists ${IP}`)?.name, 'Telia blocklist');
  // Words that describe a list, a shouted sentence, lower case, a host or a URL: no name.
  for (const text of [
    '550 Sender Blacklist: a@example.org',
    '550 5.7.1 Attachment blacklist: .exe not allowed',
    '550 ATTACHMENT BLACKLIST',
    '550 5.7.1 SpamAssassin blacklist rule hit',
    '550 see https://Example.org/RBL blacklist',
    '550 rejected by the foo blacklist of the recipient',
  ])
    assert.equal(attributeBlocklist(text), null, text);
});

test('French, German and Spanish listing wordings name an unnamed list; a sender address there does not', () => {
  for (const text of [
    `550 Votre adresse IP ${IP} apparaît sur une liste noire (DNSBL / RBL)`,
    `554 Ihre IP ${IP} steht auf einer Blacklist`,
    `550 Su IP ${IP} está en una lista negra`,
  ])
    assert.equal(attributeBlocklist(text)?.ip, IP, text);
  assert.equal(attributeBlocklist('550 Die Absenderadresse steht auf einer Blacklist des Empfängers'), null);
  assert.equal(
    attributeBlocklist("550 L'adresse de l'expéditeur figure sur une liste noire du destinataire"),
    null,
  );
});

test("Mimecast's 'IP temporarily blacklisted', a recipient's own RBL and an adverb are listings", () => {
  assert.equal(
    attributeBlocklist('451 IP temporarily blacklisted - https://community.mimecast.com/docs/DOC-1369#451')
      ?.name,
    'Mimecast',
  );
  assert.equal(
    attributeBlocklist(`554 5.7.1 ${IP} has been blocked by the recipient's RBL`)?.name,
    'an unnamed blocklist (RBL)',
  );
  assert.equal(attributeBlocklist(`550 IP ${IP} temporarily blacklisted`)?.ip, IP);
  // Mimecast named for its content policy stays no listing.
  assert.equal(
    attributeBlocklist(
      '554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554',
    ),
    null,
  );
});

test('a zone in listing context wins over one named earlier in a failed lookup', () => {
  const text = `postfix/smtpd: warning: dnsbl.sorbs.net: RBL lookup error; 554 5.7.1 Client host [${IP}] blocked using zen.spamhaus.org`;
  assert.equal(attributeBlocklist(text)?.zone, 'zen.spamhaus.org');
  assert.equal(
    attributeBlocklist(`RBL lookup error for dnsbl.sorbs.net; 550 ${IP} listed on the Barracuda blocklist`)
      ?.zone,
    'b.barracudacentral.org',
  );
  // An error word elsewhere in the reply does not hide the listing.
  assert.equal(
    attributeBlocklist(
      `SMTP error from remote mail server after RCPT TO:<a@example.org>: 550 5.7.1 Error: IP ${IP} listed on Barracuda`,
    )?.zone,
    'b.barracudacentral.org',
  );
  // Only the failed lookup named: the zone still names the list (as before).
  assert.equal(attributeBlocklist('warning: dnsbl.sorbs.net: RBL lookup error')?.zone, 'dnsbl.sorbs.net');
});

test("a list's site in a 'see' URL and a zone after 'RBL at' name the list", () => {
  assert.equal(
    attributeBlocklist(`550 5.7.1 ${IP} rejected, see https://www.gbudb.com/truncate/`)?.zone,
    'truncate.gbudb.net',
  );
  assert.equal(
    attributeBlocklist(`554 Refused. Your IP address ${IP} is listed in the RBL at rbl.example.net`)?.zone,
    'rbl.example.net',
  );
});
