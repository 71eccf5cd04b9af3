/**
 * Reason rules of the fourth issue-12 round: deferrals against blocks, provider codes read as their
 * providers document them. Wordings written here after the providers' pages (none copied from a corpus).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { reasonFromText } from './classify.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;
const dsn = (host: string, diag: string) =>
  `Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: 5.0.0\nRemote-MTA: dns; ${host}\nDiagnostic-Code: smtp; ${diag}\n`;

test('a temporary policy refusal that only asks for a retry is a deferral, not a block', () => {
  // rspamd's greylisting answers "Try again later" (its default message) with 451 4.7.1.
  assert.equal(first('451 4.7.1 Try again later').reason, 'speeding');
  assert.equal(first('mx.example.net said: 450 4.7.0 Please come back later').reason, 'speeding');
  // A cause in the words still decides: a list, reputation, an unavailable service.
  assert.equal(
    first('451 4.7.1 Client host blocked using bl.example.org, try again later').reason,
    'blocked',
  );
  assert.equal(first('451 4.7.1 Poor reputation of your IP, try again later').reason, 'badreputation');
  assert.equal(first('451 4.7.1 Service unavailable - try again later').reason, 'systemerror');
  // A permanent refusal, or another status, is not read as a deferral.
  assert.equal(first('550 5.7.1 Try again later').reason === 'speeding', false);
  assert.equal(first('421 Temporary failure, please try again later').reason, 'undefined');
});

test("Gmail's 'Try again later, closing connection' at EHLO is its DoS deferral, not a HELO refusal", () => {
  assert.equal(
    first('response=421-4.7.0 Try again later, closing connection. (EHLO) x12sm345.67 - gsmtp').reason,
    'speeding',
  );
  const fromGoogle = dsn(
    'gmail-smtp-in.l.google.com',
    '421 4.7.0 Try again later, closing connection. (EHLO) x12sm345.67 - gsmtp',
  );
  assert.equal(first(fromGoogle).reason, 'speeding');
  // A HELO refusal in words stays blocked.
  assert.equal(first('550 5.7.1 Bad HELO, go away').reason, 'blocked');
});

test("a Postfix reject log line's envelope fields are not the server's words", () => {
  const line =
    'Mar  3 11:00:00 mx postfix/cleanup[123]: 4ABC: milter-reject: END-OF-MESSAGE from ' +
    'mail.example.net[192.0.2.7]: 4.7.1 Try again later; from=<a@example.net> to=<b@example.org> ' +
    'proto=ESMTP helo=<mail.example.net>';
  const r = first(line);
  assert.equal(r.reason, 'speeding');
  assert.equal(r.address, 'b@example.org');
  // A separator line pasted after it ("--") does not hide the envelope.
  assert.equal(first(`${line}\n--`).reason, 'speeding');
});

test('Microsoft 5.7.708 (traffic not accepted from this IP) is a block of the IP on its own list', () => {
  const r = first(
    '550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. ' +
      'For more information please go to https://go.microsoft.com/fwlink/?LinkID=526655 AS(1234)',
  );
  assert.equal(r.reason, 'blocked');
  assert.match(r.blocklist?.name ?? '', /Microsoft/);
  // 5.7.705 (tenant over its threshold) stays the rate family.
  assert.equal(
    first(
      dsn(
        'example-org.mail.protection.outlook.com',
        '550 5.7.705 Access denied, tenant has exceeded threshold',
      ),
    ).reason,
    'speeding',
  );
});

test("Yahoo's TSS codes as Yahoo documents them: TSS04 a reputation deferral, TSS06 a block", () => {
  const tss04 = dsn(
    'mta5.am0.yahoodns.net',
    '421 4.7.0 [TSS04] Messages from 192.0.2.9 temporarily deferred due to unexpected volume or user complaints',
  );
  assert.equal(first(tss04).reason, 'badreputation');
  const tss06 = dsn(
    'mta5.am0.yahoodns.net',
    '553 5.7.2 [TSS06] All messages from 192.0.2.9 will be permanently deferred; Retrying will NOT succeed.',
  );
  const r = first(tss06);
  assert.equal(r.reason, 'blocked');
  assert.equal(r.blocklist?.ip, '192.0.2.9');
});

test('an SPF refusal whose last word is SPF is an authentication failure', () => {
  assert.equal(reasonFromText('550 5.7.1 [XYZ] Sender prohibited by SPF'), 'authfailure');
  assert.equal(first('550 5.7.1 [XYZ] Sender prohibited by SPF').reason, 'authfailure');
  // A word containing the letters is not the word.
  assert.equal(reasonFromText('550 message prohibited: spfoo') === 'authfailure', false);
});

test("Comcast's BL codes name its block of the IP, whatever else the reply says", () => {
  const old = first(
    '554 mx.comcast.net comcast 192.0.2.3 Comcast BL009 Blocked for spam. Please see the FAQ',
  );
  assert.equal(old.reason, 'blocked');
  assert.match(old.blocklist?.name ?? '', /Comcast/);
  assert.equal(
    first('554 resimta-ch2-01v.sys.comcast.net 192.0.2.3 found on one or more DNSBLs, see BL000001').reason,
    'blocked',
  );
  // A "BL" word elsewhere is no Comcast code.
  assert.equal(first('550 5.1.1 BL009 user unknown').reason, 'userunknown');
});

test("iCloud's [CS01] 'rejected due to local policy' is a policy refusal of the message, not a listing", () => {
  const r = first(
    '550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.example/x',
  );
  assert.equal(r.reason, 'policyviolation');
  assert.equal(r.blocklist, null);
});

test('localised replies name the same causes: unknown address, full mailbox, disabled account', () => {
  assert.equal(first('550 usuario desconocido').reason, 'userunknown');
  assert.equal(first('550 utente sconosciuto').reason, 'userunknown');
  assert.equal(first("550 L'adresse indiquée n'existe pas").reason, 'userunknown');
  assert.equal(first('552 buzon lleno').reason, 'mailboxfull');
  assert.equal(first('452 4.2.2 Boîte aux lettres pleine').reason, 'mailboxfull');
  assert.equal(first('550 5.2.1 Ce compte a été désactivé').reason, 'suspend');
  assert.equal(first('550 Ukjent mottaker').reason, 'userunknown');
  assert.equal(first('550 Пользователь не найден').reason, 'userunknown');
  assert.equal(first('552 Postkassen er full').reason, 'mailboxfull');
  assert.equal(first('552 邮箱已满').reason, 'mailboxfull');
  // A domain that does not exist is not an unknown user.
  assert.equal(reasonFromText("le domaine n'existe pas") === 'userunknown', false);
});

test("RFC 5321's '551 User not local; please try <forward-path>' says the address has moved", () => {
  assert.equal(first('551 User not local; please try <pat@example.net>').reason, 'hasmoved');
});

test("Mimecast's '451 Internal resource temporarily unavailable' is its greylisting (Mimecast's error-code page)", () => {
  const r = first(
    '451 Internal resource temporarily unavailable - https://community.mimecast.example/docs/x#451',
  );
  assert.equal(r.reason, 'speeding');
  assert.equal(r.blocklist, null);
});

test("SpamCop's 'Defined SPAM source' names a listing of the IP, not spam content", () => {
  const r = first(
    '553 Defined SPAM source: 192.0.2.9 - see http://www.spamcop.net/w3m?action=checkblock&ip=192.0.2.9',
  );
  assert.equal(r.reason, 'blocked');
  assert.match(`${r.blocklist?.name} ${r.blocklist?.zone}`.toLowerCase(), /spamcop/);
  assert.equal(r.blocklist?.ip, '192.0.2.9');
});

test("Outlook.com's OU-001 refusal of an IP is its own list, as SC-001 and S3150 are", () => {
  const r = first(
    "550 OU-001 (SNT0-MC4-F14) Unfortunately, messages from 192.0.2.9 weren't sent. Please contact your Internet service provider.",
  );
  assert.equal(r.reason, 'blocked');
  assert.match(r.blocklist?.name ?? '', /Outlook\.com/);
  assert.equal(r.blocklist?.ip, '192.0.2.9');
});

test("cPanel's hedge 'the account or domain may not exist, they may be blacklisted' is an unknown address, no listing", () => {
  const r = first(
    '550-The mail server could not deliver mail to pat@example.org.  The account or domain may\n' +
      '550 not exist, they may be blacklisted, or missing the proper dns entries.',
  );
  assert.equal(r.reason, 'userunknown');
  assert.equal(r.blocklist, null);
});

test("cPanel's hourly limit on a domain's defers and failures is found and read as its sending limit", () => {
  const r = first(
    "Domain 'example.com' has exceeded the max defers and failures per hour (5/5 (100%)) allowed.  Message discarded.",
  );
  assert.equal(r.reason, 'toomanyconn');
  assert.equal(r.blocklist, null);
});

test('localised non-delivery reports with no code are found and read: address or domain not found, full mailbox, delay', () => {
  const fr = first(
    "Adresse introuvable\n\nVotre message n'a pas été distribué à pat@example.org, car l'adresse est introuvable ou ne peut pas recevoir de messages.",
  );
  assert.equal(fr.reason, 'userunknown');
  assert.equal(fr.address, 'pat@example.org');
  const domain = first(
    "Adresse introuvable\n\nVotre message n'a pas été distribué à pat@example.invalid, car le domaine example.invalid est introuvable.",
  );
  assert.equal(domain.reason, 'hostunknown');
  assert.equal(
    first("Votre message à pat@example.org n'a pas pu être remis.\npat est introuvable sur example.org.")
      .reason,
    'userunknown',
  );
  assert.equal(
    first(
      'Unzustellbar an folgende Empfänger oder Gruppen:\n\npat@example.org\nDas Postfach des Empfängers ist voll und kann derzeit keine Nachrichten annehmen.',
    ).reason,
    'mailboxfull',
  );
  assert.equal(
    first(
      'Un problème temporaire est survenu lors de la distribution de votre message à pat@example.org. Gmail effectuera une nouvelle tentative pendant 47 heures.',
    ).reason,
    'expired',
  );
});

test('a log that mixes deliveries and refusals gives the refusals; deliveries alone are still reported', () => {
  const log = [
    '2024-01-01 10:00:01 1abc-0001 => ok@example.net R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.5] C="250 2.0.0 OK id"',
    '2024-01-01 10:00:02 1abc-0001 ** pat@example.org R=dnslookup T=remote_smtp H=mx.example.org [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<pat@example.org>: 550 5.1.1 <pat@example.org>: Recipient address rejected: User unknown',
    'Sep  1 10:00:03 mail postfix/smtp[12]: 4AB: to=<ok2@example.net>, relay=mx.example.net[192.0.2.5]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4XY)',
  ].join('\n');
  const rs = analyzeBounce(log).recipients;
  assert.deepEqual(
    rs.map((r) => [r.address, r.reason]),
    [['pat@example.org', 'userunknown']],
  );
  const sent = analyzeBounce(
    'Sep  1 10:00:03 mail postfix/smtp[12]: 4AB: to=<ok2@example.net>, relay=mx.example.net[192.0.2.5]:25, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 4XY)',
  ).recipients;
  assert.equal(sent[0]?.reason, 'delivered');
});

test('a pasted connection failure is a network error; a report that gave up, or a policy refusal, keeps its reading', () => {
  assert.equal(first('421 4.4.2 mx.example.net Error: timeout exceeded').reason, 'networkerror');
  assert.equal(
    first('<pat@example.org>: connect to mx.example.org[192.0.2.1]:25: Connection refused').reason,
    'networkerror',
  );
  assert.equal(
    first(
      '2024-01-01 10:00:00 1abc-0001 == pat@example.org R=dnslookup T=remote_smtp defer (110): Connection timed out',
    ).reason,
    'networkerror',
  );
  // A client library's own error ("Error: Connection timeout", code ETIMEDOUT).
  assert.equal(
    first("Error: Connection timeout\n    at SMTPConnection._formatError\n  code: 'ETIMEDOUT'").reason,
    'networkerror',
  );
  // Words that say the sender gave up, or a refusal with a cause, still decide.
  assert.equal(first('pat@example.org\n  retry timeout exceeded').reason, 'expired');
  assert.equal(
    first(
      'Delivery delayed: connect to mx.example.org[192.0.2.1]:25: Connection timed out; will retry for 2 days',
    ).reason,
    'expired',
  );
  assert.equal(first('554 5.7.1 Connection refused: your IP 192.0.2.9 is blacklisted').reason, 'blocked');
  // In a DSN (a report of final failure) Sisimai's reading stays.
  const dsn =
    'Final-Recipient: rfc822; pat@example.org\nAction: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect to mx.example.org[192.0.2.1]:25: Connection timed out\n';
  assert.equal(
    analyzeBounce(
      `From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\nContent-Type: message/delivery-status\n\n${dsn}`,
    ).recipients[0]?.reason,
    'expired',
  );
});

test("a code-only summary line gives way to the record that carries the same code with the server's words", () => {
  const ndr = [
    "Your message to pat@example.org couldn't be delivered.",
    '',
    'More Info for Email Admins',
    'Status code: 550 5.4.1',
    '',
    'Error Details',
    'Reported error: 550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
  ].join('\n');
  const rs = analyzeBounce(ndr).recipients;
  assert.equal(rs.length, 1);
  assert.equal(rs[0]?.reason, 'userunknown');
  // Two different rejections, each with words, are both kept.
  const two = analyzeBounce('550 5.1.1 user unknown\n\n552 5.2.2 mailbox full').recipients;
  assert.deepEqual(
    two.map((r) => r.reason),
    ['userunknown', 'mailboxfull'],
  );
});

test("a delay warning that names a timeout stays a delay ('will keep trying'), not a network error", () => {
  const warning = [
    '   ----- Transcript of session follows -----',
    '<pat@example.org>... Deferred: Connection timed out with mx.example.org.',
    'Warning: message still undelivered after 4 hours',
    'Will keep trying until message is 5 days old',
  ].join('\n');
  assert.equal(first(warning).reason, 'expired');
});

test('a pasted permanent refusal that names no cause is undefined; in a report of final failure it is on hold', () => {
  assert.equal(
    first('554 delivery error: dd Requested mail action aborted - mta.example.net').reason,
    'undefined',
  );
  const report =
    'From: MAILER-DAEMON@example.com\nSubject: Undelivered Mail\nContent-Type: message/delivery-status\n\n' +
    'Final-Recipient: rfc822; pat@example.org\nAction: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 554 Requested mail action aborted\n';
  assert.equal(analyzeBounce(report).recipients[0]?.reason, 'onhold');
});

test("a pasted 'other or undefined' policy status (RFC 3463 X.7.0) with no words of cause names no cause", () => {
  assert.equal(first('421 4.7.0 mx.example.net Error: too many errors').reason, 'undefined');
  // X.4.0 and X.3.0 still name their subject: the network, the mail system.
  assert.equal(first('451 4.4.0 DNS temporary failure').reason, 'networkerror');
  // Postfix's queue manager giving up on a message is an expiry, whoever the sender is.
  assert.equal(
    first(
      'Sep  1 10:00:00 mail postfix/qmgr[1]: 4ABCD: from=<a@example.com>, status=expired, returned to sender',
    ).reason,
    'expired',
  );
  // Words of cause still decide; a specific detail still decides.
  assert.equal(first('550 5.7.0 Message rejected as spam').reason, 'spamdetected');
  assert.equal(first('550 5.7.1 mx.example.net Error').reason === 'undefined', false);
});

test('classic unknown-address and expired-account wordings; Postfix lookup failures are the server’s fault', () => {
  assert.equal(first('550 Mailbox unknown').reason, 'userunknown');
  assert.equal(first("553 sorry, that recipient doesn't exist (#5.7.1)").reason, 'userunknown');
  assert.equal(first('550 Delivery failed: user pat not found').reason, 'userunknown');
  assert.equal(first('550 User account is expired').reason, 'suspend');
  assert.equal(first('451 4.3.0 <pat@example.org>: Temporary lookup failure').reason, 'systemerror');
  // A domain that is not found is not an unknown user.
  assert.equal(first('550 sender user domain not found').reason === 'userunknown', false);
});

test("an SMTP client library's socket error is found and read as a network fault", () => {
  assert.equal(
    first("Error: connect ECONNREFUSED 192.0.2.1:587\n  code: 'ESOCKET',\n  command: 'CONN'").reason,
    'networkerror',
  );
  assert.equal(first("Error: Greeting never received\n  code: 'ETIMEDOUT'").reason, 'networkerror');
  assert.equal(first('SMTP Error: Could not connect to SMTP host.').reason, 'networkerror');
  assert.equal(
    first('smtplib.SMTPServerDisconnected: Connection unexpectedly closed').reason,
    'networkerror',
  );
  // A stack frame's "Timeout" is no expiry.
  assert.equal(
    first('Error: Unexpected socket close\n    at Timeout.<anonymous> (smtp-transport/index.js:189:31)')
      .reason,
    'networkerror',
  );
});

test("'Unknown error' says the cause is unknown; an error that names its kind still decides", () => {
  assert.equal(first('551 5.3.0 Unknown error').reason, 'undefined');
  assert.equal(first('554 unknown mailer error 1').reason, 'mailererror');
  assert.equal(first('550 5.1.1 unknown error: user unknown').reason, 'userunknown');
});

test("a bare 'Blocked' refuses the sender's host; a blocked recipient or mailbox says what is blocked", () => {
  assert.equal(first('550 Blocked').reason, 'blocked');
  assert.equal(first('540 5.7.1 <pat@example.org>: recipient address rejected: Blocked').reason, 'filtered');
  assert.equal(
    first('550 5.7.1 Mailbox pat@example.org is temporarily blocked. Account is suspended due to inactivity')
      .reason,
    'suspend',
  );
  assert.equal(first('550 5.7.1 Sender blocked').reason, 'rejected');
  // Any other cause word decides before a bare 'blocked'.
  assert.equal(first('550 blocked: message content').reason, 'contenterror');
});

test("a sender's MAIL FROM domain on a domain list refuses the sender (rejected), with the list named", () => {
  const r = first(
    '550 5.7.1 Service unavailable, MailFrom domain is listed in Spamhaus. To request removal from this list see https://www.spamhaus.org/query/lookup/ (S8002)',
  );
  assert.equal(r.reason, 'rejected');
  assert.equal(r.blocklist?.zone, 'dbl.spamhaus.org');
  // The sending host listed stays a block.
  assert.equal(first('554 5.7.1 Client host [192.0.2.9] blocked using zen.spamhaus.org').reason, 'blocked');
});

test("'too many mails/emails from this IP' is a rate, whatever status comes with it", () => {
  assert.equal(first('452 4.3.1 Too many mails from this IP in a short time').reason, 'speeding');
  assert.equal(first('421 Too many emails sent, slow down').reason, 'speeding');
});

test("Exchange's 'the recipient's email system refused to accept a connection' NDR is a network fault (Microsoft's 4.4.316)", () => {
  const ndr =
    "Delivery has failed to these recipients or groups:\n\npat@example.org\nYour message couldn't be delivered. Despite repeated attempts to deliver your message, the recipient's email system refused to accept a connection from your email system.";
  const r = first(ndr);
  assert.equal(r.reason, 'networkerror');
  assert.equal(r.address, 'pat@example.org');
});

test("Exchange's NDR sentences with no code are found and read as Microsoft's NDR pages describe them", () => {
  const ndr = (sentence: string) =>
    `Delivery has failed to these recipients or groups:\n\npat@example.org\n${sentence}`;
  assert.equal(first(ndr('The message reached the maximum number of allowed hops.')).reason, 'networkerror');
  assert.equal(
    first(
      ndr(
        'The domain name in the email address is incorrect. Check that the domain name is spelled correctly.',
      ),
    ).reason,
    'hostunknown',
  );
  assert.equal(
    first(
      ndr(
        "Your message couldn't be delivered to the recipient because you don't have permission to send to it.",
      ),
    ).reason,
    'rejected',
  );
  assert.equal(
    first(
      ndr(
        'A problem occurred while delivering this message to this email address. Try sending this message again.',
      ),
    ).reason,
    'undefined',
  );
});

test("a provider's own suppression (SendGrid 'dropped: Bounced Address', Mailgun 'suppress-bounce') is suppressed, not a refusal", () => {
  const sendgrid = JSON.stringify([
    { email: 'pat@example.org', event: 'dropped', reason: 'Bounced Address', sg_event_id: 'a1' },
    {
      email: 'pat@example.org',
      event: 'bounce',
      reason: '550 5.1.1 user unknown',
      status: '5.1.1',
      sg_event_id: 'a2',
    },
  ]);
  assert.deepEqual(
    analyzeBounce(sendgrid).recipients.map((r) => r.reason),
    ['suppressed', 'userunknown'],
  );
  const mailgun = JSON.stringify({
    'event-data': {
      event: 'failed',
      recipient: 'pat@example.org',
      reason: 'suppress-bounce',
      'delivery-status': { message: 'Not delivering to previously bounced address', code: 605 },
    },
  });
  assert.equal(analyzeBounce(mailgun).recipients[0]?.reason, 'suppressed');
  // A drop for another cause is read by its words.
  const invalid = JSON.stringify([
    { email: 'pat@example.org', event: 'dropped', reason: 'Invalid', sg_event_id: 'b' },
  ]);
  assert.notEqual(analyzeBounce(invalid).recipients[0]?.reason, 'suppressed');
});

test("Exim's own delivery and session errors: timeouts and closed connections, DNS, pipelining, line length", () => {
  const exim = (s: string) => `2024-01-01 10:00:00 1abc-0001 ${s}`;
  assert.equal(
    first(
      exim(
        '== pat@example.org R=dnslookup T=remote_smtp defer (-46) H=mx.example.org [192.0.2.1]: SMTP timeout after sending data block (199 lines sent)',
      ),
    ).reason,
    'networkerror',
  );
  assert.equal(
    first(
      exim(
        '== pat@example.org R=dnslookup T=remote_smtp defer (-18) H=mx.example.org [192.0.2.1]: Remote host closed connection in response to end of data',
      ),
    ).reason,
    'networkerror',
  );
  assert.equal(
    first(exim('== pat@example.org R=dnslookup defer (-1): host lookup did not complete')).reason,
    'networkerror',
  );
  assert.equal(
    first(
      exim(
        'SMTP protocol synchronization error (input sent without waiting for greeting): rejected connection from H=[192.0.2.9]',
      ),
    ).reason,
    'syntaxerror',
  );
  assert.equal(
    first(
      exim(
        'H=(x) [192.0.2.9] F=<a@example.com> rejected after DATA: maximum allowed line length is 998 octets, got 1234',
      ),
    ).reason,
    'contenterror',
  );
});

test("the reporter's note of the command ('in reply to MAIL FROM command', Exim's 'after MAIL FROM:<...>') is not the server's words", () => {
  assert.equal(
    first(
      'host smtp.example.net[192.0.2.5] said: 530 5.7.0 Authentication required (in reply to MAIL FROM command)',
    ).reason,
    'securityerror',
  );
  assert.equal(
    first(
      'pat@example.org\n  host smtp.example.net [192.0.2.5]\n  SMTP error from remote mail server after MAIL FROM:<a@example.com> SIZE=1234:\n  530 5.7.0 Authentication required',
    ).reason,
    'securityerror',
  );
  // A sender refused in the server's own words stays refused.
  assert.equal(
    first('550 5.7.1 Mail from a@example.com rejected (in reply to MAIL FROM command)').reason,
    'rejected',
  );
});

test("a pasted SES bounce: a suppression subtype is suppressed, and with no diagnostic the subtype's own reason", () => {
  const ses = (type: string, sub: string, diag?: string) =>
    JSON.stringify({
      notificationType: 'Bounce',
      bounce: {
        bounceType: type,
        bounceSubType: sub,
        bouncedRecipients: [{ emailAddress: 'pat@example.org', ...(diag ? { diagnosticCode: diag } : {}) }],
      },
      mail: { source: 'a@example.com', destination: ['pat@example.org'] },
    });
  assert.equal(
    analyzeBounce(ses('Permanent', 'OnAccountSuppressionList')).recipients[0]?.reason,
    'suppressed',
  );
  assert.equal(analyzeBounce(ses('Permanent', 'NoEmail')).recipients[0]?.reason, 'userunknown');
  assert.equal(analyzeBounce(ses('Transient', 'MailboxFull')).recipients[0]?.reason, 'mailboxfull');
  // The server's own words, when SES gives them, still decide.
  assert.equal(
    analyzeBounce(
      ses(
        'Permanent',
        'General',
        'smtp; 550 5.7.1 Service unavailable; client host [192.0.2.9] blocked using zen.spamhaus.org',
      ),
    ).recipients[0]?.reason,
    'blocked',
  );
});

test("Exchange's localised NDR sentences (Dutch, Spanish, Italian, Portuguese, Polish): address not found, mailbox full", () => {
  assert.equal(
    first(
      'Kan niet worden bezorgd bij deze ontvangers of groepen:\n\npat@example.org\nHet ingevoerde e-mailadres is niet gevonden.',
    ).reason,
    'userunknown',
  );
  assert.equal(
    first(
      'No se pudo entregar a estos destinatarios o grupos:\n\npat@example.org\nNo se encontró la dirección de correo electrónico que escribió.',
    ).reason,
    'userunknown',
  );
  assert.equal(
    first(
      'Impossibile recapitare ai seguenti destinatari o gruppi:\n\npat@example.org\nLa cassetta postale del destinatario è piena.',
    ).reason,
    'mailboxfull',
  );
  assert.equal(
    first(
      'Nie można dostarczyć do tych adresatów lub grup:\n\npat@example.org\nSkrzynka pocztowa adresata jest pełna.',
    ).reason,
    'mailboxfull',
  );
});

test("a TLS certificate that did not verify is a failed STARTTLS; Exchange's Send As refusal is an authorization failure", () => {
  assert.equal(
    first(
      'Sep  1 10:00:00 mail postfix/smtp[1]: 4AB: to=<pat@example.org>, relay=mx.example.org[192.0.2.1]:25, dsn=4.7.5, status=deferred (Server certificate not verified)',
    ).reason,
    'failedstarttls',
  );
  assert.equal(
    first('550 5.7.60 SMTP; Client does not have permissions to send as this sender').reason,
    'securityerror',
  );
});

test("Exchange's directory verdict (RESOLVER.ADR.RecipientNotFound) names no such recipient even with the address inside; TLS 1.0/1.1 refused is a TLS failure", () => {
  assert.equal(
    first(
      '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient pat@example.org not found by SMTP address lookup',
    ).reason,
    'userunknown',
  );
  assert.equal(
    first(
      '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2.',
    ).reason,
    'failedstarttls',
  );
});
