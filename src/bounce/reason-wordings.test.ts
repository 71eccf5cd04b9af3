/**
 * Reason rules of the third issue-12 round: each family of dev misses read as the phenomenon its
 * words state, checked on wordings written here (none copied from a corpus).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { reasonFromText } from './classify.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;
const dsn = (status: string, diag: string) =>
  `Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: ${status}\nDiagnostic-Code: smtp; ${diag}\n`;

test('a failed anti-spam verdict is the cause; advice naming SPF or PTR after it is not', () => {
  const advice = 'please check that your SPF, HELO and PTR are set up';
  assert.equal(reasonFromText(`554 Your mail failed several antispam checks; ${advice}`), 'spamdetected');
  assert.equal(reasonFromText(`550 Message failed anti-spam checks (${advice})`), 'spamdetected');
});

test('an IP refused direct delivery, or refused by an IP-based policy, is blocked, not an SPF failure', () => {
  assert.equal(
    first('550 5.7.1 [192.0.2.8] This IP is not authorized to send email directly to our servers.').reason,
    'blocked',
  );
  assert.equal(reasonFromText('554 Mail refused: policy restrictions (IP based)'), 'blocked');
  // The SPF wording it once matched still reads as an SPF refusal.
  assert.equal(reasonFromText('550 192.0.2.8 is not authorized to send for example.org'), 'authfailure');
});

test("the sender's domain refused (unregistered, no usable MX or A record) is a rejected sender", () => {
  assert.equal(
    first('550 5.7.750 Client blocked from sending from unregistered domains, see the tenant settings')
      .reason,
    'rejected',
  );
  assert.equal(
    reasonFromText('550 <a@example.org>: Invalid DNS MX or A/AAAA resource record of the sender domain'),
    'rejected',
  );
});

test('rate wordings: "ratelimit" in one word, and a domain throttled for unsolicited mail', () => {
  assert.equal(reasonFromText('451 Ratelimit reached for this sender, come back later'), 'speeding');
  assert.equal(reasonFromText('450 Rate limit exceeded for a@example.net'), 'speeding');
  // "your DKIM domain" names whose mail it is, not a failed DKIM check.
  const throttled = first(
    '421 4.7.28 Unusual rate of unsolicited mail originating from your DKIM domain; it is temporarily rate limited',
  );
  assert.equal(throttled.reason, 'speeding');
  assert.equal(
    reasonFromText('550 5.7.28 Too much unsolicited mail originating from your SPF domain; blocked'),
    'badreputation',
  );
});

test('a shadow copy that could not be replicated is a fault of the receiving system', () => {
  // 4.4.0 alone reads as a network error; the words name the receiver's own cluster.
  assert.equal(
    first('451 4.4.0 Message failed to be replicated: replica servers are busy').reason,
    'systemerror',
  );
});

test('"not our customer" is an address the domain does not hold, whatever its status says next', () => {
  assert.equal(first(dsn('5.1.1', '550 5.1.1 Sorry, not our customer')).reason, 'userunknown');
  // RFC 5321 551 with x.1.6 ("user not local"): the address has moved elsewhere.
  assert.equal(first(dsn('5.1.6', '551 not our customer')).reason, 'hasmoved');
  // A relay refusal under 5.1.1 stays a relay refusal.
  assert.equal(first(dsn('5.1.1', '553 Relaying disallowed')).reason, 'norelaying');
});

test("Gmail's documented replies, pasted without the server's name, read by their words", () => {
  // Wordings of https://support.google.com/a/answer/3726730, shortened; no remote host is known.
  const cases: [string, string][] = [
    ['421 4.7.0 IP not in whitelist for RCPT domain - gsmtp', 'blocked'],
    ['421 4.7.0 TLS required for RCPT domain, closing - gsmtp', 'failedstarttls'],
    ["421 4.7.29 Rate limited: this message wasn't sent over a TLS connection - gsmtp", 'failedstarttls'],
    ['450 4.2.1 Peak SMTP relay limit exceeded for customer - gsmtp', 'speeding'],
    ['452 4.5.3 Domain policy size per transaction exceeded - gsmtp', 'toomanyconn'],
    ['535 5.7.8 Username and Password not accepted - gsmtp', 'securityerror'],
    ['554 5.6.0 Mail message is malformed. Not accepted - gsmtp', 'contenterror'],
    [
      '421 4.7.28 Unusual rate of mail originating from your SPF domain; temporarily rate limited',
      'speeding',
    ],
  ];
  for (const [text, reason] of cases) assert.equal(first(text).reason, reason, text);
});

test("x.7.27 is a sender's null MX (RFC 7505) unless the words say SPF failed, as Gmail uses it", () => {
  assert.equal(
    first("550 5.7.27 Blocked: SPF authentication didn't pass for this message").reason,
    'authfailure',
  );
  assert.equal(first("421 4.7.27 Rate limited: SPF authentication didn't pass").reason, 'authfailure');
  assert.equal(first(dsn('5.7.27', '550 5.7.27 Sender domain publishes a null MX')).reason, 'notaccept');
});

test("a pasted reply with a vendor's own extended code and its documented words is read as that vendor's", () => {
  // 5.7.508 is no IANA code: Microsoft's documented "has exceeded permitted limits" is a rate limit,
  // where "Access denied" alone would read as a refused sender.
  assert.equal(
    first('550 5.7.508 Access denied, [192.0.2.9] has exceeded permitted limits within 192.0.2.0/24 range')
      .reason,
    'speeding',
  );
  assert.equal(
    first("550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded").reason,
    'speeding',
  );
  // A vendor code the status table reads keeps that reading (Microsoft's 4.7.500 throttling).
  assert.equal(
    first('451 4.7.500 Server busy. Please try again later from [192.0.2.9]. (AS7771)').reason,
    'speeding',
  );
  // A registered code does not pull in a provider's table without the provider's name.
  assert.equal(
    first('550 5.7.1 Unauthenticated email is not accepted from this domain').reason,
    'authfailure',
  );
});

test("Microsoft's recipient restrictions and legacy Hotmail dynamic-range refusals", () => {
  assert.equal(first('550 5.7.1 Delivery not authorized, message refused').reason, 'rejected');
  assert.equal(
    first('550 5.7.520 Access denied, this organization does not allow external forwarding').reason,
    'policyviolation',
  );
  assert.equal(
    first('550 DY-001 Mail from 192.0.2.1 refused: Hotmail does not relay dynamically-assigned IP ranges')
      .reason,
    'blocked',
  );
});

test("MTA wordings: a failed sender callout, a pipelining error, Exchange's restricted recipient", () => {
  // Exim joins the callout's own result ("Unrouteable address") to its verdict on the sender.
  const callout =
    '550-Verification failed for <a@example.net>\n550-Unrouteable address\n550 Sender verify failed';
  assert.equal(reasonFromText(callout), 'rejected');
  assert.equal(reasonFromText('Unrouteable address'), 'hostunknown');
  assert.equal(
    reasonFromText('450 4.1.7 <a@example.net>: Sender address rejected: undeliverable address: no route'),
    'rejected',
  );
  assert.equal(
    first('503 5.5.0 <b@example.org>: Recipient address rejected: Improper use of SMTP command pipelining')
      .reason,
    'syntaxerror',
  );
  assert.equal(first('550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized ##').reason, 'rejected');
});

test('security gateways: blocked-senders lists, throttles, size limits and access refusals by their words', () => {
  // A sender list (by address or header) refuses the sender; an IP-based one refuses our host.
  assert.equal(reasonFromText('550 Rejected by header based Blocked Senders policy'), 'rejected');
  assert.equal(reasonFromText('550 Rejected by IP-based Blocked Senders'), 'blocked');
  assert.equal(reasonFromText('451 The sender has exceeded throttle limits, retry later'), 'speeding');
  // "mimecast" in a help link's host is no "mime" content error.
  assert.equal(
    reasonFromText('554 Maximum email size exceeded - https://community.mimecast.example/docs/x#554'),
    'mesgtoobig',
  );
  assert.equal(
    reasonFromText('550 #5.7.1 Your access to submit messages to this e-mail system has been rejected'),
    'blocked',
  );
});
