/**
 * Decision rules aligned with Sisimai 5's own (go-sisimai smtp/status Name(), reason/find.go),
 * with wordings written here: the status table by class, the phrase lists before a status name,
 * and a cause-less temporary refusal by the report's Action.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeBounce } from './analyze.js';
import { classifyReason, isHardBounce, reasonFromRemoteHost, reasonFromStatus } from './classify.js';

const base = { command: null, status: null, replyCode: null, action: null } as const;

test('a class-specific status entry beats its x.Y.Z twin', () => {
  assert.equal(reasonFromStatus('4.7.1'), 'blocked');
  assert.equal(reasonFromStatus('5.7.1'), 'securityerror');
  assert.equal(reasonFromStatus('4.4.1'), 'expired');
  assert.equal(reasonFromStatus('5.4.1'), 'networkerror');
  assert.equal(reasonFromStatus('4.4.5'), 'systemfull');
  assert.equal(reasonFromStatus('4.5.3'), 'systemerror');
  assert.equal(reasonFromStatus('5.5.3'), 'toomanyconn');
  assert.equal(reasonFromStatus('4.2.1'), 'blocked');
});

test('status names follow Sisimai 5 where they differed', () => {
  assert.equal(reasonFromStatus('5.2.1'), 'filtered');
  assert.equal(reasonFromStatus('5.2.4'), 'filtered');
  assert.equal(reasonFromStatus('5.1.4'), 'filtered');
  assert.equal(reasonFromStatus('5.5.4'), 'systemerror');
  assert.equal(reasonFromStatus('5.7.9'), 'securityerror');
  assert.equal(reasonFromStatus('5.7.10'), 'securityerror');
  assert.equal(reasonFromStatus('5.7.16'), 'mesgtoobig');
  assert.equal(reasonFromStatus('5.7.17'), 'hasmoved');
  assert.equal(reasonFromStatus('5.7.30'), 'failedstarttls');
});

test('5.7.9 names a reason only when no phrase does', () => {
  const status = '5.7.9';
  assert.equal(classifyReason({ ...base, status, text: '550 5.7.9 Refused' }), 'securityerror');
  assert.equal(
    classifyReason({ ...base, status, text: '554 5.7.9 Mail refused for policy reasons by this site' }),
    'policyviolation',
  );
});

test('a 5.2.1 unknown-user refusal: userunknown to RCPT, filtered elsewhere, suspend when the Status comment says disabled', () => {
  const text = '550 5.2.1 <cat@example.org>... user unknown here';
  assert.equal(classifyReason({ ...base, status: '5.2.1', dsnStatus: '5.2.1', text }), 'filtered');
  assert.equal(classifyReason({ ...base, command: 'RCPT', status: '5.2.1', text }), 'userunknown');
  assert.equal(classifyReason({ ...base, status: '5.2.1', text: '550 5.2.1 Not now, thanks' }), 'filtered');
  const dsn = (status: string) =>
    [
      'From: MAILER-DAEMON@relay.example.net',
      'Subject: Delivery report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'Delivery failed for <cat@example.org>.',
      '--b1',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; relay.example.net',
      '',
      'Final-Recipient: rfc822; cat@example.org',
      'Action: failed',
      `Status: ${status}`,
      'Diagnostic-Code: smtp; 550 5.2.1 <cat@example.org>... user unknown here',
      '--b1--',
      '',
    ].join('\r\n');
  const reasonOf = (status: string) => analyzeBounce(Buffer.from(dsn(status))).recipients[0]?.reason;
  assert.equal(reasonOf('5.2.1 (account disabled by its owner: mailbox disabled)'), 'suspend');
  assert.equal(reasonOf('5.2.1'), 'filtered');
});

test('under 5.1.0/5.1.3 a cause the words state about the message or the sender stands, and is not hard', () => {
  const cases: [string, string, string][] = [
    ['5.1.0', '550 5.1.0 Message contains a virus', 'virusdetected'],
    ['5.1.0', '550 5.1.0 Message rejected by content filter', 'spamdetected'],
    ['5.1.0', '554 5.1.0 Rejected by policy', 'policyviolation'],
    ['5.1.3', '550 5.1.3 Message rejected as spam', 'spamdetected'],
  ];
  for (const [status, text, reason] of cases) {
    for (const command of [null, 'RCPT', 'DATA'] as const) {
      const got = classifyReason({ ...base, command, status, replyCode: text.slice(0, 3), text });
      assert.equal(got, reason, `${text} (${command})`);
      assert.equal(isHardBounce(got, status, text.slice(0, 3)), false, text);
    }
    const r = analyzeBounce(text).recipients[0];
    assert.equal(r?.reason, reason, `pasted: ${text}`);
    assert.equal(r?.hard, false, `pasted: ${text}`);
  }
  // Address wording, or none at all: the status still names the address (hard).
  const address: [string, string][] = [
    ['5.1.0', '550 5.1.0 <bob@example.net>: Recipient address rejected: User unknown'],
    ['5.1.3', '553 5.1.3 Malformed address, check it'],
    ['5.1.0', '550 5.1.0 Message rejected'],
  ];
  for (const [status, text] of address) {
    const got = classifyReason({ ...base, command: 'DATA', status, replyCode: text.slice(0, 3), text });
    assert.equal(got, 'userunknown', text);
    assert.equal(isHardBounce(got, status, text.slice(0, 3)), true, text);
  }
});

test('5.1.0 and 5.1.3 are a bad address at any stage but MAIL FROM (Sisimai smtp/status Name())', () => {
  const text = '501 5.1.3 Malformed address, check it';
  assert.equal(classifyReason({ ...base, command: 'DATA', status: '5.1.3', text }), 'userunknown');
  assert.equal(
    classifyReason({ ...base, status: '5.1.0', text: '550 5.1.0 Address refused' }),
    'userunknown',
  );
  assert.equal(
    classifyReason({ ...base, command: 'MAIL', status: '5.1.0', text: '553 5.1.0 Address refused' }),
    'rejected',
  );
  // The temporary twin is not decisive: to DATA it stays a filter's refusal.
  assert.equal(
    classifyReason({ ...base, command: 'DATA', status: '4.1.3', text: '451 4.1.3 Try later' }),
    'filtered',
  );
});

test('a temporary refusal with no cause: expired when still trying, onhold in a final failure', () => {
  const text = '451 4.0.0 Come back soon';
  assert.equal(classifyReason({ ...base, status: '4.0.0', text, action: 'failed' }), 'onhold');
  assert.equal(classifyReason({ ...base, status: '4.0.0', text, action: 'delayed' }), 'expired');
  assert.equal(classifyReason({ ...base, status: '4.0.0', text, pasted: true }), 'undefined');
});

test("Microsoft's documented replies decide when Microsoft's MX answered (rhost/for-microsoft.go)", () => {
  const remoteHost = 'contoso-com.mail.protection.outlook.com [192.0.2.7]';
  const text = '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [mail.example]';
  assert.equal(reasonFromRemoteHost(remoteHost, null, '5.4.1', text), 'userunknown');
  assert.equal(classifyReason({ ...base, status: '5.4.1', text, remoteHost }), 'userunknown');
  // The same words from another host are not Microsoft's: its table does not apply.
  assert.equal(reasonFromRemoteHost('mx.example.net', null, '5.4.1', text), null);
  // A recipient at a Microsoft domain is enough (the tail of one of its host suffixes).
  assert.equal(reasonFromRemoteHost(null, 'pat@outlook.com', '5.4.1', text), 'userunknown');
  // A rule with a range: 5.7.606 to 5.7.649 with the banned-IP wording.
  const banned = '550 5.7.622 Access denied, banned sending IP [192.0.2.9]. To request removal...';
  assert.equal(reasonFromRemoteHost(remoteHost, null, '5.7.622', banned), 'blocked');
  assert.equal(reasonFromRemoteHost(remoteHost, null, '5.7.650', banned), null);
  // The status must agree.
  assert.equal(reasonFromRemoteHost(remoteHost, null, '5.1.1', text), null);
});

test("Google's documented replies decide when Gmail's MX answered, by reply code, status and words (rhost/for-google.go)", () => {
  const remoteHost = 'alt2.gmail-smtp-in.l.google.com [192.0.2.27]';
  const text = '550-5.7.1 This message does not have a PTR record and so it cannot be accepted here';
  assert.equal(reasonFromRemoteHost(remoteHost, null, '5.7.1', text, '550'), null);
  const ptr = '421 4.7.0 The IP you are using does not have a PTR record for its address';
  assert.equal(reasonFromRemoteHost(remoteHost, null, '4.7.0', ptr, '421'), 'requireptr');
  // The reply code must agree (its last two digits), and the host must be Google's.
  assert.equal(reasonFromRemoteHost(remoteHost, null, '4.7.0', ptr, '450'), null);
  assert.equal(reasonFromRemoteHost('mx.example.net', null, '4.7.0', ptr, '421'), null);
  assert.equal(
    classifyReason({ ...base, status: '4.7.0', replyCode: '421', text: ptr, remoteHost }),
    'requireptr',
  );
});

test('under a 5.1.1 status, words about the sender, authentication or a limit win (Sisimai 5 UserUnknown probe order)', () => {
  const status = '5.1.1';
  assert.equal(
    classifyReason({ ...base, status, text: '550 5.1.1 Sender address rejected: domain has no mail route' }),
    'rejected',
  );
  assert.equal(
    classifyReason({
      ...base,
      status,
      text: '550 5.1.1 The message failed an SPF check for the sender domain',
    }),
    'authfailure',
  );
  assert.equal(
    classifyReason({ ...base, status, text: '550 5.1.1 No mailbox here by that name' }),
    'userunknown',
  );
});

test('phrase-only provider tables (Yahoo, Apple, Tencent...) decide for their own MXes; a listing does not make them vaguer', () => {
  const remoteHost = 'mta3.am0.yahoodns.net [192.0.2.31]';
  const text =
    '421 4.7.0 [TSS04] Mail from 192.0.2.8 temporarily deferred due to unexpected volume or user complaints';
  // Yahoo's own page reads TSS04 as a reputation deferral (Sisimai 5's row says rejected).
  assert.equal(reasonFromRemoteHost(remoteHost, null, '4.7.0', text), 'badreputation');
  assert.equal(reasonFromRemoteHost(remoteHost, null, null, text), 'badreputation');
  assert.equal(reasonFromRemoteHost('mx.example.net', null, '4.7.0', text), null);
  const icloud = '550 5.1.1 <pat@icloud.example>: user does not exist';
  assert.equal(reasonFromRemoteHost('mx01.mail.icloud.com', null, '5.1.1', icloud), 'userunknown');
  const r = analyzeBounce(
    new TextEncoder().encode(
      `<pat@example.org>: host ${remoteHost} said: ${text} (in reply to MAIL FROM command)`,
    ),
  ).recipients[0]!;
  assert.equal(r.reason, 'badreputation');
  assert.ok(r.blocklist, "Yahoo's own list is still attributed");
});

test('provider code tables read the code where the provider puts it (Cox AUP#, GoDaddy IB, i.ua /err/N/, Spectrum AUP#1xxx)', () => {
  const cox = '550 5.1.0 <news@sender.example> sender rejected. See the error page. AUP#CDRBL';
  assert.equal(reasonFromRemoteHost('cxr.mx.a.cloudfilter.example.cox.net', null, '5.1.0', cox), 'blocked');
  // Recipient at the provider's own domain is enough; another host's same words are not Cox's.
  assert.equal(reasonFromRemoteHost(null, 'pat@cox.net', '5.1.0', cox), 'blocked');
  assert.equal(reasonFromRemoteHost('mx.example.net', 'pat@example.net', '5.1.0', cox), null);
  // A code is a whole token: AUP#CXBLX is not AUP#CXBL.
  assert.equal(reasonFromRemoteHost(null, 'pat@cox.net', '5.7.1', '554 refused AUP#CXBLX'), null);
  assert.equal(reasonFromRemoteHost(null, 'pat@cox.net', '5.7.1', '554 refused AUP#CXDNS'), 'requireptr');
  const godaddy = '554 p3plibsmtp01 IB108 Your mail server has no reverse DNS';
  assert.equal(reasonFromRemoteHost('smtp.secureserver.net', null, '5.0.0', godaddy), 'requireptr');
  const iua = '550 Mailbox is idle for months. See http://mail.i.ua/err/3/';
  assert.equal(reasonFromRemoteHost('mx4.email.ua', null, null, iua), 'suspend');
  const spectrum = '554 5.7.1 Refused by policy, AUP#1370 see the postmaster page';
  assert.equal(reasonFromRemoteHost('mx1.charter.net', null, '5.7.1', spectrum), 'speeding');
});

test('Mimecast rows hold only with their own reply code; NTT docomo reads a bare 5.0.0 by the command', () => {
  const host = 'eu-smtp-inbound-1.mimecast.com';
  const text = 'Invalid Recipient - https://community.example/docs';
  assert.equal(reasonFromRemoteHost(host, null, '5.0.0', `550 ${text}`, '550'), 'userunknown');
  assert.equal(reasonFromRemoteHost(host, null, '4.0.0', `451 ${text}`, '451'), null);
  const docomo = 'mfsmax.docomo.ne.jp';
  const unknown = '550 Unknown user pat@docomo.example';
  assert.equal(reasonFromRemoteHost(docomo, null, '5.0.0', unknown, '550', 'DATA'), 'rejected');
  assert.equal(reasonFromRemoteHost(docomo, null, '5.0.0', unknown, '550', 'RCPT'), 'userunknown');
  assert.equal(reasonFromRemoteHost(docomo, null, '5.0.0', unknown, '550', null), null);
  assert.equal(
    classifyReason({
      ...base,
      command: 'DATA',
      status: '5.0.0',
      replyCode: '550',
      text: unknown,
      remoteHost: docomo,
    }),
    'rejected',
  );
});

test("Google Workspace's DNS replies: a missing domain when permanent, a DNS failure when temporary", () => {
  const text = 'DNS for example.invalid responded with code NXDOMAIN';
  const host = 'googlemail.com';
  assert.equal(reasonFromRemoteHost(host, 'pat@example.org', '5.1.2', `550 5.1.2 ${text}`), 'hostunknown');
  assert.equal(reasonFromRemoteHost('mx.googlemail.com', null, '4.4.3', `451 4.4.3 ${text}`), 'networkerror');
  assert.equal(reasonFromRemoteHost(null, 'pat@example.net', '5.1.2', `550 5.1.2 ${text}`), null);
});

test("a consumer Gmail recipient does not select Google Workspace's table; only a Workspace remote host does", () => {
  const text = 'DNS for example.invalid responded with code NXDOMAIN';
  for (const recipient of ['pat@googlemail.com', 'pat@gmail.com', 'PAT@GoogleMail.com']) {
    assert.equal(reasonFromRemoteHost(null, recipient, '5.1.2', `550 5.1.2 ${text}`), null, recipient);
    assert.equal(
      reasonFromRemoteHost(null, recipient, '4.4.3', `451 4.4.3 ${text}`),
      null,
      `${recipient} temporary`,
    );
  }
});

test('a remote host matches a provider suffix only at a dot boundary', () => {
  const cox = '554 refused AUP#CXBL ';
  assert.equal(reasonFromRemoteHost('mx1.wilcox.net', null, '5.7.1', cox), null);
  assert.equal(reasonFromRemoteHost('wilcox.net', null, '5.7.1', cox), null);
  assert.equal(reasonFromRemoteHost('cox.net', null, '5.7.1', cox), 'blocked');
  assert.equal(reasonFromRemoteHost('mx.east.cox.net.', null, '5.7.1', cox), 'blocked');
  // Spectrum's "charter.net": not another domain that ends in the same letters.
  const spectrum = '550 5.1.0 Refused AUP#1000 see policy';
  assert.equal(reasonFromRemoteHost('mx.charter.net', null, '5.1.0', spectrum), 'blocked');
  assert.equal(reasonFromRemoteHost('mx.supercharter.net', null, '5.1.0', spectrum), null);
  // A recipient at a look-alike domain is not the provider's either.
  assert.equal(reasonFromRemoteHost(null, 'pat@wilcox.net', '5.7.1', cox), null);
  // Suffixes written with their leading dot still hold for names under them.
  const tencent = '550 Mail is rejected by recipients: suspected spam IP';
  assert.equal(reasonFromRemoteHost('mx3.qq.com', null, '5.0.0', tencent), 'blocked');
  assert.equal(reasonFromRemoteHost('mx3.notqq.com', null, '5.0.0', tencent), null);
  // A Microsoft MX keeps its table (suffix with leading dot), a look-alike host does not.
  const ms = '550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [mail.example]';
  assert.equal(
    reasonFromRemoteHost('contoso-com.mail.protection.outlook.com', null, '5.4.1', ms),
    'userunknown',
  );
  assert.equal(reasonFromRemoteHost('mail.protection.outlook.com.example', null, '5.4.1', ms), null);
});
