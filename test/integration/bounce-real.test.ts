/**
 * Real rejection texts (corpora/bounce-real, labelled by hand, see its README): one test per input
 * shape and per provider family, each on a text of the corpus, and the corpus-wide floors that the
 * issue asks for (attribution with the right IP, no negative called a listing, RFC 3463 status).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeBounce, type RecipientResult } from '../../src/bounce/index.js';

interface Case {
  id: string;
  text: string;
  expect: { list: string | null; ip: string | null; reason: string; status: string | null };
}

const ROOT = new URL('../../corpora/bounce-real/', import.meta.url);
function load(half: string): Case[] {
  return readFileSync(new URL(`${half}.jsonl`, ROOT), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Case);
}
const dev = load('dev');
const heldout = load('heldout');
const byId = new Map([...dev, ...heldout].map((c) => [c.id, c]));

function first(id: string): { c: Case; r: RecipientResult } {
  const c = byId.get(id);
  assert.ok(c, `case ${id} is in the corpus`);
  const r = analyzeBounce(c.text).recipients[0];
  assert.ok(r, `${id}: a rejection is found`);
  return { c, r };
}

/** [case id, list name fragment or null, IP or null, reason] for each shape and family. */
const CASES: [string, string, string | null, string | null, string][] = [
  // Input shapes.
  ['bare reply', 'pub-015', 'cbl', '196.14.169.11', 'blocked'],
  ['Diagnostic-Code line', 'pbh-testfile', 'mail.ru', '87.237.123.24', 'blocked'],
  ['Postfix NOQUEUE log line', 'pub-004', 'spamhaus zen', '143.55.227.71', 'blocked'],
  ['Postfix status=deferred log line', 'pub-023', 'cloudmark', null, 'blocked'],
  [
    'Postfix bounce report, wrapped over blank lines',
    'pub-024',
    'uceprotect level 1',
    '145.253.228.166',
    'blocked',
  ],
  ['Exim "SMTP error from remote mail server"', 'pub-014', 'outlook.com', '185.234.69.116', 'blocked'],
  ['qmail "Remote host said:"', 'flufl-qmail_04', null, null, 'userunknown'],
  ['Haraka "is blacklisted by ZONE"', 'pub-005', 'spamhaus zen', '14.169.41.47', 'blocked'],
  ['Exchange NDR "Remote Server returned"', 'pub-002', 'spamhaus zen', '40.107.107.102', 'blocked'],
  ['multi-line 554- reply with CRLF', 'pub-013', 'barracuda', null, 'blocked'],
  ['multi-line Gmail 550-5.7.26 (Exim)', 'pub-029', null, null, 'authfailure'],
  ['field-manual "smtp;" diagnostic', 'sfm-550-proofpoint-141', 'cloudmark', null, 'blocked'],
  // Provider and list families.
  ['Microsoft S3150', 'sfm-550-outlook-80', 'outlook.com', null, 'blocked'],
  ['Microsoft 5.7.606', 'sfm-550-exchangeonline-145', 'banned sending ip', null, 'blocked'],
  ['Microsoft "blocked using Spamhaus" AS(...)', 'pub-017', 'spamhaus', '3.211.34.40', 'blocked'],
  // As Yahoo documents the codes (https://senders.yahooinc.com/smtp-error-codes/), not Sisimai's 'rejected'.
  ['Yahoo TSS04', 'pub-034', 'yahoo', '185.205.69.214', 'badreputation'],
  ['Yahoo TSS06', 'pub-038', 'yahoo', null, 'blocked'],
  ['Yahoo BL23 (Spamhaus XBL)', 'sfm-553-yahoo-175', 'spamhaus xbl', null, 'blocked'],
  ['Comcast BL000000', 'sfm-554-comcast-196', 'comcast', null, 'blocked'],
  ['Orange OFR006 via Cloudmark', 'sfm-550-orange-113', 'cloudmark', null, 'blocked'],
  ['GMX', 'pub-047', 'gmx', '95.216.180.11', 'blocked'],
  ['WEB.DE', 'sfm-550-webde-122', 'web.de', null, 'blocked'],
  ['T-Online', 'pub-043', 't-online', null, 'blocked'],
  ['AT&T 521', 'pub-051', 'at&t', null, 'blocked'],
  ['BellSouth ldap:ou=rblmx', 'pub-050', 'bellsouth', null, 'blocked'],
  ['Proofpoint', 'sfm-550-proofpoint-140', 'proofpoint', null, 'blocked'],
  ['Proofpoint ipcheck in a ZoneMTA log', 'pub-049', 'proofpoint', null, 'blocked'],
  ['Trend Micro RBL+', 'pub-044', 'trend micro', '1.2.3.4', 'blocked'],
  ['SpamCop via a JunkMail RBL line', 'pub-046', 'spamcop', '11.2.3.4', 'blocked'],
  ['SORBS', 'pub-039', 'sorbs', '209.85.223.172', 'blocked'],
  ['NiX Spam', 'pub-018', 'nix spam', '198.61.254.12', 'blocked'],
  ['Spamhaus DBL (domain in content)', 'sfm-550-apple-73', 'spamhaus dbl', null, 'spamdetected'],
  ['Vade', 'pub-020', 'vade', '103.152.79.203', 'blocked'],
  ['EarthLink', 'pub-055', 'earthlink', null, 'blocked'],
  ['Microsoft 5.7.511 banned sender', 'iss-007', 'microsoft', null, 'blocked'],
  ['Microsoft "Blocklist 1" (delist@messaging.microsoft.com)', 'iss-009', 'microsoft', null, 'blocked'],
  ['Gmail UnsolicitedIPError (Google)', 'iss-016', 'google', '104.248.27.183', 'badreputation'],
  ['Barracuda Reputation in a webmail NDR', 'iss-020', 'barracuda', '5.60.96.9', 'blocked'],
  ['SpamCop URL in a qmail report', 'iss-013', 'spamcop', '69.89.25.95', 'blocked'],
  ['ZoneMTA log line, "Closed prematurely" before the reply', 'iss-021', 'proofpoint', '1.1.1.1', 'blocked'],
  // Whole bounce messages (MIME) of another parser's test corpus.
  [
    'Sendmail DSN, reply says suspended over Status 5.1.1',
    'rjbs-att-via-sendmail.unknown',
    null,
    null,
    'suspend',
  ],
  ['Postfix DSN quoting SpamCop', 'rjbs-spam-rejection43', 'spamcop', '208.72.237.4', 'blocked'],
  ['Postfix DSN, "junk" only in the address', 'rjbs-quota-2', null, null, 'mailboxfull'],
  ['Exchange 2003 MSEXCH code', 'rjbs-exchange.unknown', null, null, 'userunknown'],
  // Look-alike negatives: no list.
  ['"Blocked using spam pattern" (content, not a DNSBL)', 'rjbs-spam-rejection9', null, null, 'spamdetected'],
  ['SPF wording naming a filter product', 'rjbs-junkemailfilter', null, null, 'authfailure'],
  ['rspamd greylisting with RBL symbols', 'iss-027', null, null, 'speeding'],
  ['Gmail rate limit (421-4.7.28)', 'iss-014', null, null, 'speeding'],
  ['Gmail IPv6 PTR, status-led continuation lines', 'iss-018', null, null, 'requireptr'],
  ['greylisting naming its site', 'pub-068', null, null, 'speeding'],
  ['missing PTR at connect (Comcast)', 'sfm-554-comcast-195', null, null, 'requireptr'],
  ['HELO rejected', 'pub-063', null, null, 'blocked'],
  ['Gmail SPF/DKIM', 'pub-031', null, null, 'authfailure'],
  ['Microsoft rate limit on reputation', 'pub-008', null, null, 'badreputation'],
];

for (const [shape, id, list, ip, reason] of CASES) {
  test(`${shape} (${id})`, () => {
    const { r } = first(id);
    if (list === null) assert.equal(r.blocklist, null, `${id}: no list`);
    else {
      assert.ok(r.blocklist, `${id}: a list is named`);
      const named = `${r.blocklist.name} ${r.blocklist.zone ?? ''}`.toLowerCase();
      assert.ok(named.includes(list), `${id}: "${named}" names ${list}`);
      assert.equal(r.blocklist.ip, ip, `${id}: the refused IP`);
    }
    assert.equal(r.reason, reason, `${id}: reason`);
  });
}

function floors(cases: Case[]) {
  let listed = 0;
  let right = 0;
  let negativesListed = 0;
  let status = 0;
  for (const c of cases) {
    const r = analyzeBounce(c.text).recipients[0] ?? null;
    if ((r?.status ?? null) === c.expect.status) status++;
    if (c.expect.list === null) {
      if (r?.blocklist) negativesListed++;
      continue;
    }
    listed++;
    if (r?.blocklist && r.blocklist.ip === c.expect.ip) right++;
  }
  return { listed, right, negativesListed, status, total: cases.length };
}

for (const [half, cases] of [
  ['dev', dev],
  ['held-out', heldout],
] as const) {
  test(`${half} half: >= 90% of listings attributed with the right IP, no negative listed, statuses read`, () => {
    const f = floors(cases);
    assert.ok(f.right / f.listed >= 0.9, `${f.right}/${f.listed} attributed`);
    assert.equal(f.negativesListed, 0);
    assert.ok(f.status / f.total >= 0.97, `${f.status}/${f.total} statuses`);
  });
}
