import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeMessage } from './analyze.js';
import { decideVerdict } from './verdict.js';

const enc = (text: string) => new TextEncoder().encode(text);

const SEED = `From: "Microsoft" <update@microsoft.com>\r
To: user@example.org\r
Subject: Install Critical Update for Microsoft Outlook\r
MIME-Version: 1.0\r
Content-Type: multipart/mixed; boundary="b"\r
\r
--b\r
Content-Type: text/html\r
\r
<p>Download it from <a href="http://update.microsoft.com.1lfx.mx.com/kb/">update.microsoft.com</a></p>\r
--b\r
Content-Type: application/octet-stream; name="officexp-KB910721-FullFile-ENU.exe"\r
Content-Disposition: attachment; filename="officexp-KB910721-FullFile-ENU.exe"\r
Content-Transfer-Encoding: base64\r
\r
TVqQAAMAAAA=\r
--b--\r
`;

test('the seed case is phishing, with the link and the attachment explained', async () => {
  const report = await analyzeMessage(enc(SEED));
  assert.equal(report.verdict, 'phishing');
  const rules = report.findings.map((f) => f.rule);
  for (const rule of ['link-text-brand-mismatch', 'brand-domain-in-host', 'dangerous-attachment'])
    assert.ok(rules.includes(rule), rule);
  const mismatch = report.findings.find((f) => f.rule === 'link-text-brand-mismatch');
  assert.match(
    mismatch?.detail ?? '',
    /shows update\.microsoft\.com.*update\.microsoft\.com\.1lfx\.mx\.com.*mx\.com.*Microsoft/,
  );
  assert.equal(report.links[0]?.registrableDomain, 'mx.com');
});

test('an ordinary message is clean', async () => {
  const report = await analyzeMessage(
    enc(
      'From: Ann <ann@example.org>\r\nTo: bob@example.org\r\nSubject: lunch\r\n\r\nSee https://www.example.org/menu tomorrow?\r\n',
    ),
  );
  assert.equal(report.verdict, 'clean');
  assert.equal(report.score, 0);
});

test('phishing needs a brand or credential finding; weak signals alone make suspicious', () => {
  const weak = (rule: string, weight: number) => ({
    rule,
    weight,
    kind: 'suspicious' as const,
    role: 'sign' as const,
    detail: '',
    evidence: [],
  });
  assert.equal(decideVerdict([weak('a', 3), weak('b', 4)]).verdict, 'suspicious');
  assert.equal(decideVerdict([weak('a', 1)]).verdict, 'clean');
  const brand = { ...weak('c', 5), kind: 'phishing' as const, role: 'impersonation' as const };
  assert.equal(decideVerdict([brand, weak('a', 1)]).verdict, 'phishing');
  // Impersonation with nowhere to send the victim (no link, attachment, number or reply) is not phishing.
  assert.equal(decideVerdict([brand, weak('a', 1)], { hasDestination: false }).verdict, 'suspicious');
  const payload = { ...weak('p', 5), kind: 'phishing' as const, role: 'payload' as const };
  assert.equal(decideVerdict([payload, weak('a', 1)], { hasDestination: false }).verdict, 'phishing');
  // Legitimacy evidence weighs negative.
  const legit = { ...weak('l', -2), kind: 'legitimate' as const, role: 'legitimacy' as const };
  assert.equal(decideVerdict([weak('a', 3), legit]).verdict, 'clean');
});

test('the whole pattern (impersonation, a lure, somewhere to go) is phishing from a lower score', () => {
  const finding = (role: 'impersonation' | 'lure' | 'sign', weight: number) => ({
    rule: role,
    weight,
    kind: 'suspicious' as const,
    role,
    detail: '',
    evidence: [],
  });
  // A brand name on a stranger's domain (4) and "verify your account" (1.5), with a link.
  const textbook = [finding('impersonation', 4), finding('lure', 1.5)];
  assert.equal(decideVerdict(textbook).verdict, 'phishing');
  assert.equal(decideVerdict(textbook, { hasDestination: false }).verdict, 'suspicious');
  // Without the lure the same score stays suspicious.
  assert.equal(decideVerdict([finding('impersonation', 4), finding('sign', 1.5)]).verdict, 'suspicious');
});

test('hostile input: a 50 MB body and deep MIME nesting give a report, not a crash', async () => {
  const big = new Uint8Array(50 * 1024 * 1024 + 200).fill(0x61);
  big.set(
    enc('From: a@example.org\r\nSubject: big\r\nContent-Type: text/html\r\n\r\n<a href="http://x.example/">'),
  );
  const bigReport = await analyzeMessage(big);
  assert.ok(['clean', 'suspicious', 'phishing'].includes(bigReport.verdict));
  assert.ok(bigReport.truncated.length > 0);
  let body = 'Content-Type: text/plain\r\n\r\nhttp://deep.example/\r\n';
  for (let i = 0; i < 500; i++)
    body = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${body}\r\n--b${i}--\r\n`;
  const deep = await analyzeMessage(enc(`From: a@example.org\r\nSubject: deep\r\n${body}`));
  assert.ok(deep.parseError !== undefined);
  assert.deepEqual(
    deep.findings.map((f) => f.rule),
    ['malformed-structure'],
  );
});

test('a megabyte-long subject: the rules read its opening, the report keeps it whole', async () => {
  const subject = `Verify your password now ${'0O1l '.repeat(200_000)}`;
  const raw = `From: Desk <desk@helpdesk-mail.example>\r\nTo: jane@example.org\r\nSubject: ${subject}\r\n\r\nhi\r\n`;
  const report = await analyzeMessage(new TextEncoder().encode(raw));
  assert.equal(report.subject, subject.trimEnd());
  assert.ok(report.findings.some((f) => f.rule === 'credential-lure'));
});
