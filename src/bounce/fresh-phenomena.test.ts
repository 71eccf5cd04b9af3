/**
 * Phenomena found in the dev half of corpora/bounce-fresh (2026-12-01), each checked on its own
 * wording and on variants the corpus does not hold, so that a rule fitted to one text fails here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { joinReply } from './paste.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;

test('a line ending in "=" before the reply does not cut its code in two', () => {
  // testssl.sh's banner trace (bounce-fresh dev): the separator line once shifted the reply's offset.
  const r = first(
    '    === reading banner ... ===\n    S: 421 4.7.0 mx.example.net Error: too many connections from [192.0.2.9]',
  );
  assert.equal(r.status, '4.7.0');
  assert.equal(r.replyCode, '421');
  assert.equal(r.reason, 'toomanyconn');
  // A URL cut after "/" on the line before a reply: the URL is rejoined, the reply kept whole.
  assert.match(
    joinReply('see https://example.net/help/\n550 5.1.1 <a@example.net>: User unknown'),
    /550 5\.1\.1 <a@example\.net>: User unknown$/,
  );
});

test("Spamhaus's resolver errors are a refusal at the connection, whatever zone was queried", () => {
  // A domain list (DBL) queried through an open resolver is no content verdict.
  const dbl = first(
    '554 5.7.1 Service unavailable; Sender address [a@example.com] blocked using\ndbl.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/192.0.2.1/',
  );
  assert.equal(dbl.reason, 'blocked');
  assert.equal(dbl.status, '5.7.1');
  // The other documented return code (127.255.255.255), on an IP list.
  const volume = first(
    '554 5.7.1 Service unavailable; Client host [192.0.2.7] blocked using zen.spamhaus.org; Error: excessive number of queries; https://www.spamhaus.org/returnc/vol/192.0.2.1',
  );
  assert.equal(volume.reason, 'blocked');
  // A real DBL listing in the message still reads as content.
  assert.equal(
    first('550 5.7.1 Your email was rejected due to having a domain present in the Spamhaus DBL').reason,
    'spamdetected',
  );
});

test("Gmail's very-low-reputation deferral is badreputation, its rate words notwithstanding", () => {
  const r = first(
    'host alt1.gmail-smtp-in.l.google.com[192.0.2.26] said: 421-4.7.0 [192.0.2.5 15] Our system has detected that this message is 421-4.7.0 suspicious due to the very low reputation of the sending domain. 421-4.7.0 To protect our users from spam, mail sent from your IP address has 421-4.7.0 been temporarily rate limited. Please visit 421 4.7.0 https://support.google.com/mail/answer/188131 for more information. - gsmtp',
  );
  assert.equal(r.reason, 'badreputation');
  // A rate limit with no reputation named stays a rate limit (Gmail's 4.7.28, as the corpora label it).
  assert.equal(
    first(
      '421-4.7.28 Gmail has detected an unusual rate of mail originating from your SPF domain. To protect our users from spam, mail sent from your domain has been temporarily rate limited. - gsmtp',
    ).reason,
    'speeding',
  );
  assert.equal(
    first('421 4.7.0 Mail sent from your IP address has been temporarily rate limited').reason,
    'speeding',
  );
});

test('a bare "451 Try again later" with no enhanced code is a deferral (rspamd greylisting relayed)', () => {
  // OpenSMTPD's filter-rspamd log line (bounce-fresh dev) and the same reply pasted alone.
  const log = first('838802156d1f67f0 smtp failed-command command="DATA" result="451 Try again later"');
  assert.equal(log.reason, 'speeding');
  assert.equal(log.replyCode, '451');
  assert.equal(first('450 please try again later').reason, 'speeding');
  // Words after it are the reply's own: no longer bare, the cause is not known.
  assert.notEqual(first('451 Try again later, local disk failure').reason, 'speeding');
  // A permanent refusal saying the same is no deferral.
  assert.notEqual(first('550 Try again later').reason, 'speeding');
});

test('"is in RBL" without an article names an unnamed list', () => {
  const r = first('550 mail.example.net ESMTP\nConnection rejected. Your IP 192.0.2.44 is in RBL');
  assert.equal(r.reason, 'blocked');
  assert.equal(r.blocklist?.name, 'an unnamed blocklist (RBL)');
  assert.equal(r.blocklist?.ip, '192.0.2.44');
  // Without an article only the DNS list words count: a sender address "in blacklist" is a
  // recipient's own sender block, no DNSBL.
  assert.equal(first('550 5.7.1 Sender address is in blacklist').blocklist, null);
  // Greylisting names its list too: still no listing.
  assert.equal(
    first('450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted, see http://postgrey.example/')
      .blocklist,
    null,
  );
});
