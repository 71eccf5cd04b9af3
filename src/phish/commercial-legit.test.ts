/**
 * Families of false alarms on real commercial mail (corpora/phish-commercial, dev half), each
 * with a message written for this test (no real message copied), and the phishing variant the
 * fix must still catch.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Draft, judge, rules } from '../../test/helpers/phish-draft.js';

// A carrier's delivery notice through its ESP (Salesforce Marketing Cloud style headers), signed
// with the carrier's own domain, no List-Unsubscribe (transactional), a display name its domain
// abbreviates, parcel wording and a security footer that names "your password".
const CARRIER_NOTICE: Draft = {
  from: '"Australian Parcel Service" <noreply@notifications.auparcel.com.au>',
  dmarc: 'notifications.auparcel.com.au',
  subject: 'Your delivery is coming today',
  html: '<p>Good news! Your parcel is out for delivery today.</p><p>Tracking number 7731 2290 4410</p><p><a href="https://click.notifications.auparcel.com.au/?qs=8f3a">Track your parcel</a></p><p>We will never ask you for your password by email. <a href="https://auparcel.com.au/security">Security</a></p>',
  extra: [
    'Feedback-ID: 10784680:30791498:203.0.113.30:sfmktgcld',
    'X-CSA-Complaints: whitelistcomplaints@eco.de',
    'x-job: 10784680_30791498',
  ],
};

test("a brand's transactional notice through its ESP, signed with its own domain, is legitimate", async () => {
  const report = await judge(CARRIER_NOTICE);
  assert.equal(report.verdict, 'clean', rules(report).join(','));
  assert.ok(rules(report).includes('authenticated-sender'));
});

test('ESP headers on mail a free mailbox sent through a platform are no legitimacy evidence', async () => {
  const report = await judge({
    from: '<kp83hq@gmail.com>',
    dmarc: 'gmail.com',
    subject: 'Score released: +$393',
    html: '<p>Your payout is ready. Sign in to your account to claim it.</p><p><a href="https://docs.google.com/forms/d/e/1FAIpQL/viewscore">View</a></p>',
    extra: ['Feedback-ID: MailTypeReleaseScore:GoogleForms'],
  });
  assert.ok(!rules(report).includes('authenticated-sender'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test('ESP headers do not excuse a carrier notice whose links lead to another domain', async () => {
  const report = await judge({
    ...CARRIER_NOTICE,
    html: '<p>Your parcel is held at our depot. Tracking number 7731. A redelivery fee of $1.99 is due.</p><p><a href="https://auparcel-redelivery.top/pay">Pay now</a></p>',
  });
  assert.ok(!rules(report).includes('authenticated-sender'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

// A marketplace relaying a carrier's notice, saying so in the display name, from its own
// authenticated domain, replies and links at the carrier.
const RELAYED: Draft = {
  from: '"UPS (via ShopMall Messages)" <notifications@shopmallmail.com>',
  dmarc: 'shopmallmail.com',
  subject: 'Your package 1Z999AA10123456784 arrives today',
  html: '<p>UPS will deliver your package today between 10:00 and 14:00.</p><p><a href="https://www.ups.com/track?tracknum=1Z999AA10123456784">Track</a> <a href="https://www.ups.com/">ups.com</a></p>',
  extra: ['Reply-To: <courier-desk@ups.com>'],
};

test('a platform relaying a brand\'s notice "via" its own authenticated name is not impersonation', async () => {
  const report = await judge(RELAYED);
  assert.ok(!rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.equal(report.verdict, 'clean');
});

test('an e-signature envelope "Company via DocuSign" from DocuSign is not impersonation', async () => {
  const report = await judge({
    from: '"Microsoft via DocuSign" <dse_na3@docusign.net>',
    dmarc: 'docusign.net',
    subject: 'Please DocuSign: Supplier agreement 2026',
    html: '<p>Jane Smith sent you a document to review and sign.</p><p><a href="https://na3.docusign.net/Signing/EmailStart.aspx?a=9c1e">REVIEW DOCUMENT</a></p>',
    extra: ['Reply-To: "Jane Smith" <jane.smith@microsoft.com>'],
  });
  assert.ok(!rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.notEqual(report.verdict, 'phishing');
});

test('a "via" the sending domain does not carry, or that names a brand it does not own, keeps the brand finding', async () => {
  const other = await judge({
    ...RELAYED,
    from: '"UPS (via Parcel Alerts)" <notifications@shopmallmail.com>',
  });
  assert.ok(rules(other).includes('brand-in-sender-name'), rules(other).join(','));
  const lookalike = await judge({
    from: '"DocuSign via DocuSign" <dse@docusign-review.com>',
    dmarc: 'docusign-review.com',
    subject: 'Please DocuSign: Payment remittance',
    html: '<p>You have received a document to review and sign.</p><p><a href="https://docusign-review.com/s/9c1e">REVIEW DOCUMENT</a></p>',
  });
  assert.ok(rules(lookalike).includes('brand-in-sender-name'), rules(lookalike).join(','));
});

test('a relayed brand with a link to a third domain keeps the brand finding', async () => {
  const report = await judge({
    ...RELAYED,
    html: '<p>Your package is held: a redelivery fee of $1.99 is due.</p><p><a href="https://ups-redelivery.top/pay">Pay now</a></p>',
  });
  assert.ok(rules(report).includes('brand-in-sender-name'), rules(report).join(','));
  assert.notEqual(report.verdict, 'clean');
});

test("DPD Polska's own domain (dpd.com.pl) counts as DPD's for a relayed notice", async () => {
  const report = await judge({
    ...RELAYED,
    from: '"Kurier DPD (via ShopMall Messages)" <notifications@shopmallmail.com>',
    html: '<p>Kurier DPD doręczy dziś Twoją paczkę.</p><p><a href="https://tracktrace.dpd.com.pl/parcelDetails?p1=100039">Śledź</a></p>',
    extra: ['Reply-To: <kurier@dpd.com.pl>'],
  });
  assert.ok(!rules(report).includes('brand-in-sender-name'), rules(report).join(','));
});

test('"Brand (via <own name>)" on a notice that leads only to the sender\'s own login page keeps the brand finding', async () => {
  for (const from of [
    '"PayPal Service (via Acme Mail)" <service@acmemail.com>',
    '"PayPal via Acmemail" <service@acmemail.com>',
  ]) {
    const report = await judge({
      from,
      dmarc: 'acmemail.com',
      subject: 'Your account has been limited',
      html: '<p>We noticed unusual activity. Verify your account to restore access.</p><p><a href="https://acmemail.com/login">Verify your account</a></p>',
    });
    assert.ok(rules(report).includes('brand-in-sender-name'), `${from}: ${rules(report).join(',')}`);
    assert.notEqual(report.verdict, 'clean');
  }
});
