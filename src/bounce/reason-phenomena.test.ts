/**
 * Reason rules written from phenomena (issue 12 generalisation round), each checked on wordings
 * the corpora do not hold, so a rule that only fits one file fails here.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { classifyReason, findSmtpCommand, findStatedCommand, reasonFromText } from './classify.js';

const first = (text: string) => analyzeBounce(text).recipients[0]!;
const base = { command: null, status: null, replyCode: null, action: null } as const;

test("a help link's path and a vendor's name in it are no cause", () => {
  // "mimecast" (host), "DOC-1369#451" (path) once read as a block; the words before the link decide.
  assert.equal(
    reasonFromText('451 Invalid Recipient - https://help.mimecast.example/docs/DOC-9#451'),
    'userunknown',
  );
  assert.equal(
    reasonFromText('550 No such user here - see http://kb.example.net/spam-and-blocks/rbl.html'),
    'userunknown',
  );
  // A bare refusal pointing at a blocklist's lookup page is a block by that list.
  const r = first('553 Blocked - see http://www.spamcop.net/bl.shtml?192.0.2.55');
  assert.equal(r.reason, 'blocked');
  assert.equal(r.blocklist?.ip, '192.0.2.55');
});

test('a listing of the sending host makes a vague refusal "blocked"; a domain list does not', () => {
  const log =
    'info Sender/default/77 DEFERRED to=a@example.net (554 Rejected - see https://ipcheck.proofpoint.com/?ip=192.0.2.9)';
  assert.equal(first(log).reason, 'blocked');
  const dbl = first('554 5.7.1 Rejected: sender domain example.com listed in dbl.spamhaus.org');
  assert.notEqual(dbl.reason, 'blocked');
});

test('"IP is not allowed to send mail from DOMAIN" is an SPF refusal, not a listing', () => {
  const r = first('550 198.51.100.4 is not allowed to send mail from example.org (NOT SPAMFILTERCO)');
  assert.equal(r.reason, 'authfailure');
  assert.equal(r.blocklist, null);
});

test('the longer phrase states the cause; addresses and status glosses are no words of the server', () => {
  // "size limit" (a message too big) inside "mailbox size limit exceeded" (a full mailbox).
  assert.equal(reasonFromText('452 <a@example.org> Mailbox size limit exceeded'), 'mailboxfull');
  // "junk" and "spam" inside a recipient's address.
  assert.equal(reasonFromText('552 <spam.junkbox@example.org> user is over quota'), 'mailboxfull');
  // RFC 3463's title after the code ("bad destination mailbox address") is the reporter's gloss.
  assert.equal(
    reasonFromText('failed,5.1.1 (bad destination mailbox address),smtp;553 relaying denied'),
    'norelaying',
  );
});

test("a reporter's x.1.1 gives way to words that name another cause; a pasted deferral states none", () => {
  const status = '5.1.1';
  const dsn = (diag: string) =>
    `Final-Recipient: rfc822; a@example.org\nAction: failed\nStatus: ${status}\nDiagnostic-Code: smtp; ${diag}\n`;
  assert.equal(first(dsn('550 Account suspended for non-payment')).reason, 'suspend');
  assert.equal(first(dsn('552 max message size exceeded')).reason, 'mesgtoobig');
  assert.equal(first(dsn('550 no such mailbox')).reason, 'userunknown');
  // "try again later" is advice, not a cause; alone in a paste nothing says the sender gave up.
  assert.equal(first('421 Temporary failure, please try again later').reason, 'undefined');
});

test("a pasted Sendmail report is read by the remote's quoted reply, not Sendmail's own summary", () => {
  const paste = [
    '   ----- The following addresses had permanent fatal errors -----',
    '<someone@example.net>',
    '    (reason: 553 Sender Policy Framework (SPF) fail)',
    '   ----- Transcript of session follows -----',
    '... while talking to mx.example.net.:',
    '>>> RCPT To:<someone@example.net>',
    '<<< 553 Sender Policy Framework (SPF) fail',
    '550 5.1.1 someone@example.net... User unknown',
  ].join('\n');
  const r = first(paste);
  assert.equal(r.reason, 'authfailure');
  assert.equal(r.replyCode, '553');
});

test("a log line is read from its reply on: the logger's words are not the server's", () => {
  const line =
    'Mar  3 10:00:01 mta1 relay: info Sender/default/9 id=abc Closed prematurely src=192.0.2.77 response="554 5.7.0 Blocked - see https://support.proofpoint.com/dnsbl-lookup.cgi?ip=192.0.2.77"';
  const r = first(line);
  assert.equal(r.reason, 'blocked');
  assert.equal(r.blocklist?.ip, '192.0.2.77');
  assert.match(r.blocklist?.name ?? '', /proofpoint/i);
  // The log's own status stands where the reply carries none (Postfix dsn=).
  const postfix = first(
    'Jan  5 01:02:03 mx postfix/smtp[1]: 1A2B: to=<a@example.org>, dsn=5.0.0, status=bounced (host mx.example.org[192.0.2.1] said: 550 No such user here (in reply to RCPT TO command))',
  );
  assert.equal(postfix.status, '5.0.0');
  assert.equal(postfix.reason, 'userunknown');
});

test("Gmail blocking an IP for unsolicited mail is Google's own reputation block; its rate limit is not a listing", () => {
  const blocked = first(
    '550-5.7.1 [198.51.100.23] Our system has detected an unusual rate of 550-5.7.1 unsolicited mail originating from your IP address. To protect our 550-5.7.1 users from spam, mail sent from your IP address has been blocked. 550-5.7.1 Please visit 550 5.7.1 https://support.google.com/mail/?p=UnsolicitedIPError to review our Bulk Email Senders Guidelines. - gsmtp',
  );
  assert.equal(blocked.reason, 'badreputation');
  assert.match(blocked.blocklist?.name ?? '', /google/i);
  assert.equal(blocked.blocklist?.ip, '198.51.100.23');
  const limited = first(
    '421-4.7.28 [198.51.100.23] Our system has detected an unusual rate of 421-4.7.28 unsolicited mail originating from your IP address. To protect our 421-4.7.28 users from spam, mail sent from your IP address has been temporarily 421-4.7.28 rate limited. - gsmtp',
  );
  assert.equal(limited.reason, 'speeding');
  assert.equal(limited.blocklist, null);
});

test('Microsoft 5.7.511 "banned sender" is Microsoft\'s own list', () => {
  const r = first(
    '550 5.7.511 Access denied, banned sender[203.0.113.8]. To request removal from this list, forward this message to delist@microsoft.com.',
  );
  assert.equal(r.reason, 'blocked');
  assert.match(r.blocklist?.name ?? '', /microsoft/i);
  assert.equal(r.blocklist?.ip, '203.0.113.8');
});

test('a status printed alone at the head of continuation lines does not split the words', () => {
  assert.equal(
    reasonFromText(
      '550 5.7.1 [2001:db8::1] Our system has detected that\n5.7.1 this message does not meet IPv6 sending guidelines regarding PTR\n5.7.1 records and authentication.',
    ),
    'requireptr',
  );
});

test("Trend Micro's refusal codes name the cause; a rate wording beats a reporter's x.1.1", () => {
  const tm = (code: string) =>
    classifyReason({
      ...base,
      status: '5.7.1',
      text: `554 5.7.1 <a@example.org>: Recipient address rejected: ${code}.`,
    });
  assert.equal(tm('ERS-QIL'), 'blocked');
  assert.equal(tm('BLOCK-SEND-ER'), 'rejected');
  assert.equal(tm('BLOCK-RCPT'), 'filtered');
  assert.equal(tm('NO-DOMAIN'), 'norelaying');
  assert.equal(
    classifyReason({
      ...base,
      status: '4.1.1',
      text: '452 4.1.1 <a@example.org> too many recent messages; try again later',
    }),
    'speeding',
  );
});

test("Microsoft's throttling statuses and a filter's lapsed licence are read for what they say", () => {
  assert.equal(
    first('451 4.7.500 Server busy. Please try again later from [192.0.2.4]. (AS77712344)').reason,
    'speeding',
  );
  assert.equal(
    first('451 4.7.651 The mail server [192.0.2.4] has been temporarily rate limited due to IP reputation.')
      .reason,
    'badreputation',
  );
  assert.equal(reasonFromText('422 License Expired'), 'systemerror');
});

test("unknown-user words under the reporter's own x.1.1 Status are userunknown at any stage but DATA", () => {
  const input = { ...base, status: '5.7.1', dsnStatus: '5.1.1', text: '550 5.7.1 No such user here' };
  assert.equal(classifyReason(input), 'userunknown');
  assert.equal(classifyReason({ ...input, command: 'DATA' }), 'filtered');
  assert.equal(classifyReason({ ...input, dsnStatus: null }), 'filtered');
});

test('"denied due to spam list" is an unnamed list refusing the host', () => {
  const r = first('550 Denied due to spam list (in reply to RCPT TO command)');
  assert.equal(r.reason, 'blocked');
  assert.ok(r.blocklist, 'an unnamed list is attributed');
  assert.equal(first('554 5.7.1 Message rejected: it matched a spam pattern').blocklist, null);
});

test("RFC 5321's stock 'mailbox unavailable' gives way to a mailbox-status code", () => {
  // 5.2.1 is Sisimai 5's `filtered` (smtp/status): the account refuses, no cause given.
  assert.equal(
    classifyReason({ ...base, status: '5.2.1', text: '550 5.2.1 Mailbox not available' }),
    'filtered',
  );
  assert.equal(
    classifyReason({ ...base, status: '5.2.2', text: '550 5.2.2 mailbox unavailable' }),
    'mailboxfull',
  );
  // Words that name the cause still decide.
  assert.equal(
    classifyReason({
      ...base,
      command: 'RCPT',
      status: '5.2.1',
      text: '550 5.2.1 mailbox unavailable: user unknown',
    }),
    'userunknown',
  );
});

test("5.1.10 is decided by its words (Exchange's recipient-not-found, RFC 7505's null MX); Gmail's missing domain", () => {
  assert.equal(
    first(
      "Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'",
    ).reason,
    'userunknown',
  );
  assert.equal(
    classifyReason({ ...base, status: '5.1.10', text: '556 5.1.10 Recipient address has null MX' }),
    'notaccept',
  );
  assert.equal(classifyReason({ ...base, status: '5.1.10', text: '550 5.1.10' }), 'notaccept');
  assert.equal(
    reasonFromText(
      "Your message wasn't delivered to a@mail.example.net because the domain mail.example.net couldn't be found.",
    ),
    'hostunknown',
  );
});

test("pasted DSN fields without a Diagnostic-Code take the report's own line for the address", () => {
  const paste = [
    'The mail system',
    '',
    '<a@example.org>: Spam message rejected',
    '',
    'Final-Recipient: rfc822; a@example.org',
    'Action: failed',
    'Status: 5.7.1',
  ].join('\n');
  const r = first(paste);
  assert.equal(r.address, 'a@example.org');
  assert.equal(r.reason, 'spamdetected');
  assert.equal(r.status, '5.7.1');
});

test("Exim's and qmail's own delivery errors name their cause at any stage (Sisimai 5 lhost/via-exim.go, via-qmail.go)", () => {
  const exim = (line: string) =>
    [
      'From: Mail Delivery System <Mailer-Daemon@relay.example.net>',
      'Subject: Mail delivery failed: returning message to sender',
      '',
      'This message was created automatically by mail delivery software.',
      '',
      'A message that you sent could not be delivered to one or more of its',
      'recipients. This is a permanent error. The following address(es) failed:',
      '',
      '  pat@example.org',
      `    ${line}`,
      '',
    ].join('\n');
  const reasonOf = (text: string) => analyzeBounce(new TextEncoder().encode(text)).recipients[0]?.reason;
  assert.equal(reasonOf(exim('all host address lookups failed permanently')), 'hostunknown');
  assert.equal(reasonOf(exim('an MX or SRV record indicated no SMTP service')), 'notaccept');
  assert.equal(reasonOf(exim('delivery to pipe forbidden')), 'systemerror');
  assert.equal(reasonOf(exim('Too many "Received" headers - suspected mail loop')), 'contenterror');
  assert.equal(reasonOf(exim('malformed address: x@ may not follow <pat')), 'syntaxerror');
  // Exim's router: no such local user, even when the words come at the end of a remote reply after DATA.
  assert.equal(reasonOf(exim('user not found')), 'userunknown');
  const qmail = (block: string) =>
    [
      'From: MAILER-DAEMON@relay.example.net',
      'Subject: failure notice',
      '',
      'Hi. This is the qmail-send program at relay.example.net.',
      "I'm afraid I wasn't able to deliver your message to the following addresses.",
      "This is a permanent error; I've given up. Sorry it didn't work out.",
      '',
      '<pat@example.org>:',
      block,
      '',
    ].join('\n');
  // The preamble's "I've given up" is no cause; the recipient's own words are.
  assert.equal(reasonOf(qmail('Unable to forward message: system error')), 'systemerror');
  assert.equal(reasonOf(qmail('The message exeeded the maximum size the user accepts')), 'exceedlimit');
  assert.equal(
    reasonOf(qmail('Connected to 192.0.2.9 but my name was rejected.\nRemote host said: 550 5.7.1 not here')),
    'blocked',
  );
});

test("other MTAs' own fixed messages decide whatever the stage (OpenSMTPD, Gmail DNS errors, KDDI)", () => {
  const base = { command: 'DATA', status: null, replyCode: null, action: 'failed' } as const;
  assert.equal(
    classifyReason({ ...base, text: 'Delivery failed: No MX found for domain example.org' }),
    'notaccept',
  );
  assert.equal(
    classifyReason({ ...base, text: 'Temporary failure in MX lookup for example.org' }),
    'networkerror',
  );
  assert.equal(
    classifyReason({ ...base, text: 'DNS Error: DNS server returned answer with no data for example.org' }),
    'hostunknown',
  );
});

test('a command the report states beats one the reply only implies (Postfix "in reply to DATA command")', () => {
  const report = [
    'From: MAILER-DAEMON@relay.example.net (Mail Delivery System)',
    'Subject: Undelivered Mail Returned to Sender',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b2"',
    '',
    '--b2',
    'Content-Type: text/plain',
    '',
    '<pat@example.org>: host mx.example.org[192.0.2.5] said: 550 <pat@example.org>:',
    '    Recipient address rejected: no such person here (in reply to DATA command)',
    '--b2',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; relay.example.net',
    '',
    'Final-Recipient: rfc822; pat@example.org',
    'Action: failed',
    'Status: 5.0.0',
    'Diagnostic-Code: smtp; 550 <pat@example.org>: Recipient address rejected: no such person here',
    '--b2--',
    '',
  ].join('\r\n');
  assert.equal(findStatedCommand('Recipient address rejected: no such person here'), null);
  assert.equal(findSmtpCommand('Recipient address rejected: no such person here'), 'RCPT');
  const r = analyzeBounce(new TextEncoder().encode(report)).recipients[0]!;
  assert.equal(r.reason, 'filtered');
});

test("Sisimai 5's phrases that no rule of ours read decide only when nothing else does", () => {
  assert.equal(reasonFromText('550 Over the allowed quota for this account'), 'mailboxfull');
  assert.equal(reasonFromText('554 SMTP protocol returned a permanent error'), 'notaccept');
  // Sisimai tries Suspend before UserUnknown: the longer phrase states the cause.
  assert.equal(reasonFromText('550 Mailbox unavailable or access denied'), 'suspend');
  assert.equal(reasonFromText('550 Requested action not taken: mailbox unavailable'), 'userunknown');
  // Exim's "Unrouteable mail domain" is a routing failure; its "Unrouteable address" a missing domain.
  assert.equal(reasonFromText('Unrouteable mail domain "example.invalid"'), 'networkerror');
});

test("connection and session limits in Sisimai's TooManyConn words are not a sending rate", () => {
  assert.equal(reasonFromText('421 Too many errors from your IP, closing'), 'toomanyconn');
  assert.equal(reasonFromText('454 Throttling failure: Maximum sending rate exceeded.'), 'toomanyconn');
  assert.equal(reasonFromText('421 4.7.0 Sending rate limit exceeded, slow down'), 'speeding');
});

test("Exchange's own NDR codes name the cause at any stage", () => {
  const base = { command: 'DATA', status: null, replyCode: null, action: 'failed' } as const;
  assert.equal(
    classifyReason({
      ...base,
      status: '5.4.4',
      text: '554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain',
    }),
    'hostunknown',
  );
  assert.equal(
    classifyReason({
      ...base,
      status: '5.5.3',
      text: '550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients',
    }),
    'toomanyconn',
  );
});

test("a sender address on the receiver's own black list is a refused sender, not a listed host", () => {
  assert.equal(reasonFromText('550 5.7.1 Sender address has been blacklisted here'), 'rejected');
  assert.equal(reasonFromText('554 Sender is in my black list, go away'), 'rejected');
  assert.equal(reasonFromText('554 Your IP 192.0.2.4 is blacklisted'), 'blocked');
});

test("Postfix's own 'unknown user' (Diagnostic-Code: X-Postfix, no SMTP reply) is an unknown address, not a filter", () => {
  const report = (type: string, words: string) =>
    [
      'Final-Recipient: rfc822; someone@mx.example.net',
      'Action: failed',
      'Status: 5.0.0',
      `Diagnostic-Code: ${type}; ${words}`,
    ].join('\n');
  assert.equal(first(report('X-Postfix', 'unknown user: "someone"')).reason, 'userunknown');
  // A remote server's reply with the same words and no command named is still read as a filter's.
  assert.equal(first(report('smtp', '550 unknown user: "someone"')).reason, 'filtered');
  // Postfix's own words after end of data (a content filter it ran) stay a filter's.
  assert.equal(
    first(report('X-Postfix', 'unknown user (in reply to end of DATA command)')).reason,
    'filtered',
  );
});

test('X.1.2 with words calling the whole recipient address invalid blames the address, not its host', () => {
  const gmail = first(
    '553 5.1.2 The recipient address <someone@example.net> is not a valid RFC-5321 address. x1si2 - gsmtp',
  );
  assert.equal(gmail.reason, 'userunknown');
  assert.equal(first('553 5.1.2 Bad destination system address').reason, 'hostunknown');
  assert.equal(first('550 5.1.2 Invalid recipient address syntax').reason, 'userunknown');
  // The host that does not resolve stays the host's.
  assert.equal(
    first('550 5.1.2 <a@example.org>... Host unknown (Name server: .: host not found)').reason,
    'hostunknown',
  );
  // A sender's invalid address is not the recipient's.
  assert.notEqual(
    first('553 5.1.2 MAIL FROM address <a@example.org> is not a valid address').reason,
    'userunknown',
  );
});

test("a decisive status and words that agree are not overruled by a provider's trailing code", () => {
  // Orange's codes still decide where the status and words say nothing more specific.
  assert.equal(
    first('421 mwinf5c10 ME Service refuse. Veuillez essayer plus tard. OFR_999 [999]').reason,
    'blocked',
  );
  assert.equal(
    first('552 5.2.2 Boite du destinataire pleine. Recipient mailbox full. OFR_999 [999]').reason,
    'mailboxfull',
  );
  assert.equal(
    first('550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. LPN007_510').reason,
    'userunknown',
  );
  // A decisive status whose words name another cause leaves the provider's code in charge.
  assert.equal(first('550 5.1.1 Mail rejete. Mail rejected. OFR_506 [506]').reason, 'spamdetected');
});

test('a notice from no one (From: <>) that states a failure is a bounce even when marked auto-replied', () => {
  const notice = (from: string, body: string) =>
    analyzeBounce(
      [
        `From: ${from}`,
        'To: me@example.com',
        'Auto-Submitted: auto-replied',
        'Date: Tue, 29 Dec 2009 12:12:54 +0000',
        '',
        body,
      ].join('\n'),
    );
  const r = notice('<>', "You sent mail to someone@example.net. That's not a valid user here.");
  assert.equal(r.kind, 'bounce');
  assert.equal(r.recipients[0]?.address, 'someone@example.net');
  // A person's vacation reply stays an auto-reply, whatever it says.
  assert.equal(
    notice('Someone <someone@example.net>', 'I am away; this address is no longer in use.').kind,
    'auto-reply',
  );
  // From no one but stating no failure: still the auto-reply it says it is.
  assert.equal(notice('<>', 'Thank you for your message, we will answer soon.').kind, 'auto-reply');
});

test("Postfix's 'delivery temporarily suspended: <cause>' is read by its cause, not as a suspended account", () => {
  const line = (cause: string) =>
    `Jan  2 07:31:13 mail postfix/smtp[1234]: 4F1: to=<someone@example.net>, relay=none, delay=30, dsn=4.4.1, status=deferred (delivery temporarily suspended: ${cause})`;
  assert.notEqual(
    first(line('connect to mx.example.net[192.0.2.1]:25: Connection timed out')).reason,
    'suspend',
  );
  assert.equal(
    first(
      line(
        'SASL authentication failed; server smtp.example.net[192.0.2.1] said: 535 5.7.8 Error: authentication failed',
      ),
    ).reason,
    'securityerror',
  );
  // An account that is suspended still is.
  assert.equal(first('550 5.2.1 Account temporarily suspended').reason, 'suspend');
});

test("a mailbox's file system quota is a full mailbox; Exchange's busy mailbox database is the system's", () => {
  assert.equal(
    first('550 Mailbox is full / Blocks limit exceeded / Inode limit exceeded').reason,
    'mailboxfull',
  );
  assert.equal(first('452 4.2.2 Inode limit exceeded for someone@example.net').reason, 'mailboxfull');
  assert.equal(
    first('432 4.3.2 STOREDRV.Deliver; mailbox database thread limit exceeded').reason,
    'systemerror',
  );
  // A message over the size limit stays too big.
  assert.equal(first('552 5.3.4 Message size limit exceeded').reason, 'mesgtoobig');
});

test("a local program's quoted path and a log's relay= field name a program, not a cause", () => {
  const pipe = (output: string) =>
    `Jan  2 07:31:13 mail postfix/pipe[1234]: 4F1: to=<someone@example.net>, relay=spamassassin, delay=1, dsn=5.3.0, status=bounced (Command died with status 255: "/usr/bin/spamc"${output})`;
  assert.equal(first(pipe('')).reason, 'mailererror');
  // What the program said still decides.
  assert.equal(
    first(pipe('. Command output: Quota exceeded (mailbox for user is full)')).reason,
    'mailboxfull',
  );
});

test("the name of the host a reporter talked to is no cause (a filtering service's MX)", () => {
  const said = (host: string, reply: string) =>
    `<someone@example.net>: host ${host}[192.0.2.1] said: ${reply}`;
  assert.notEqual(
    first(said('mx.antispamcloud.com', '421 Service not available (in reply to RCPT TO command)')).reason,
    'spamdetected',
  );
  assert.notEqual(
    first(said('virusscan.example.net', '451 Temporary local problem (in reply to end of DATA command)'))
      .reason,
    'virusdetected',
  );
  // The reply's own words still decide, and a listed client host still names its list.
  assert.equal(
    first(said('mx.example.net', '550 5.7.1 Message rejected as spam (in reply to end of DATA command)'))
      .reason,
    'spamdetected',
  );
  assert.equal(
    first('554 5.7.1 Service unavailable; Client host [192.0.2.9] blocked using zen.spamhaus.org').reason,
    'blocked',
  );
});
