/**
 * Hard legitimate mail of today, each written for this test after the kind of mail a brand sends
 * (no real message copied): a bank statement notice from the bank's own aligned domain, an order
 * confirmation and a newsletter through ESPs, a SaaS invoice with "Pay now", e-signature and
 * file-sharing notices from docusign.net and dropbox.com, a tradesman's bill. The receiving
 * server recorded DMARC pass for the From domain. Every one must stay `clean`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMessage } from '../mail/parse.js';
import { analyzeParsed } from './analyze.js';

function aligned(from: string, domain: string, subject: string, html: string, bulk = true): Uint8Array {
  const headers = [
    `Authentication-Results: mx.google.com; dkim=pass header.i=@${domain} header.s=s1; spf=pass smtp.mailfrom=bounce.${domain}; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=${domain}`,
    `From: ${from}`,
    'To: jane.doe@gmail.com',
    `Subject: ${subject}`,
    'Date: Mon, 24 Nov 2025 10:00:00 +0000',
    `Message-ID: <a1@${domain}>`,
    ...(bulk
      ? [
          `List-Unsubscribe: <https://${domain}/unsub?u=123>`,
          'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        ]
      : []),
    'MIME-Version: 1.0',
    `Content-Type: ${html.startsWith('<') ? 'text/html' : 'text/plain'}; charset=utf-8`,
  ];
  return new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${html}\r\n`);
}

const CASES: Array<[string, Uint8Array]> = [
  [
    'bank statement',
    aligned(
      '"Chase" <no-reply@alertsp.chase.com>',
      'chase.com',
      'Your statement is ready',
      '<p>Hi Jane,</p><p>Your credit card statement for the account ending in 1234 is now available. Statement balance: $1,234.56. Minimum payment due: $35.00 on Dec 15.</p><p><a href="https://secure.chase.com/web/auth/dashboard">Sign in to view your statement</a></p><p>Questions? Call us at 1-800-432-3117.</p><p><a href="https://www.chase.com/privacy">Privacy</a></p>',
    ),
  ],
  [
    'order confirmation via an ESP',
    aligned(
      '"Nordstrom" <nordstrom@eml.nordstrom.com>',
      'eml.nordstrom.com',
      'We got your order! #123456789',
      '<p>Thanks for your order, Jane.</p><p>Order number 123456789. Order total: $248.17. Payment: Visa ending 1234.</p><p><a href="https://click.eml.nordstrom.com/?qs=abc">View order status</a></p><p>Need help? Call 1.888.282.6060</p>',
    ),
  ],
  [
    'newsletter on crypto, a survey and a gift card',
    aligned(
      '"Morning Brew" <crew@morningbrew.com>',
      'morningbrew.com',
      'Crypto winter',
      '<p>Bitcoin fell below $80,000 yesterday as traders dumped tokens; an airdrop for a new wallet app drew 2 million claims.</p><p><a href="https://www.morningbrew.com/daily/stories/1">Read more</a> <a href="https://www.morningbrew.com/daily/stories/2">Markets</a></p><p>Win a $500 gift card: take our reader survey. <a href="https://www.morningbrew.com/survey">Survey</a></p>',
    ),
  ],
  [
    'SaaS invoice with a pay-now link to the billing site',
    aligned(
      '"Atlassian" <billing@am.atlassian.com>',
      'am.atlassian.com',
      'Your Atlassian invoice AT-123456 is due',
      '<p>Hi Jane,</p><p>Invoice AT-123456 for Jira Software Cloud (25 users) is due on December 1, 2025. Amount due: USD 1,937.50.</p><p><a href="https://admin.atlassian.com/billing/invoices/AT-123456">Pay now</a></p><p><a href="https://www.atlassian.com/legal/privacy-policy">Privacy</a></p>',
    ),
  ],
  [
    'e-signature request from docusign.net',
    aligned(
      '"Acme Legal via Docusign" <dse_NA3@docusign.net>',
      'docusign.net',
      'Complete with Docusign: Master Services Agreement.pdf',
      '<p>Acme Legal sent you a document to review and sign.</p><p><a href="https://na3.docusign.net/Signing/EmailStart.aspx?a=abc">REVIEW DOCUMENT</a></p><p>Please review and sign the agreement.</p><p><a href="https://www.docusign.com/support">Help</a></p>',
    ),
  ],
  [
    'folder shared from dropbox.com',
    aligned(
      '"Mark Lee (via Dropbox)" <no-reply@dropbox.com>',
      'dropbox.com',
      'Mark Lee shared "Q4 invoices" with you',
      '<p>Mark Lee invited you to view the folder "Q4 invoices" on Dropbox.</p><p><a href="https://www.dropbox.com/scl/fo/abc?dl=0">Go to folder</a></p>',
    ),
  ],
  [
    "an exchange's receipt for coin received",
    aligned(
      '"Coinbase" <no-reply@info.coinbase.com>',
      'info.coinbase.com',
      'You received 0.05 ETH',
      '<p>You just received 0.05 ETH ($150.22) from an external wallet.</p><p><a href="https://www.coinbase.com/accounts">View transaction</a></p>',
    ),
  ],
  [
    "a tradesman's bill with his phone number, from his own gmail",
    aligned(
      'Tom Baker <tom.baker.plumbing@gmail.com>',
      'gmail.com',
      'Invoice 2041 for the bathroom work',
      "Hi Jane, here is the invoice for last week's work: $450.00 for parts and labour. Payment by bank transfer is fine. If anything is unclear, call me at 617-555-0143. Thanks! Tom",
      false,
    ),
  ],
  [
    "a dentist's receipt",
    aligned(
      'SmileCare Dental <frontdesk@smilecare-dental.com>',
      'smilecare-dental.com',
      'Your receipt from SmileCare Dental',
      'Dear Jane, thank you for your visit. Receipt for your payment of $120.00 (cleaning, 11/20). If you have a question about this charge, please call our office at (617) 555-0188.',
      false,
    ),
  ],
  [
    'a SharePoint share notice from sharepointonline.com',
    aligned(
      '"Jane Smith (via SharePoint Online)" <no-reply@sharepointonline.com>',
      'sharepointonline.com',
      'Jane Smith shared "Budget 2026.xlsx" with you',
      '<p>Jane Smith shared a file with you</p><p>Here is the budget draft.</p><p><a href="https://contoso.sharepoint.com/:x:/s/finance/abc">Open</a></p>',
      false,
    ),
  ],
  [
    'a signature request from Dropbox Sign (hellosign.com)',
    aligned(
      '"Dropbox Sign" <noreply@mail.hellosign.com>',
      'mail.hellosign.com',
      'You have been asked to sign "NDA - Acme"',
      '<p>Mark Lee has requested your signature on NDA - Acme. Please review and sign.</p><p><a href="https://app.hellosign.com/sign/abc">Review &amp; sign</a></p>',
      false,
    ),
  ],
  [
    "a merchant's receipt sent by Stripe in the merchant's name",
    aligned(
      '"Notion Labs, Inc." <invoice+statements+acct_1Abc@stripe.com>',
      'stripe.com',
      'Your receipt from Notion Labs, Inc. #2231-4410',
      '<p>Amount paid $96.00. Payment method Visa - 4242</p><p><a href="https://invoice.stripe.com/i/acct_1Abc/live_xyz">Download invoice</a></p><p>Questions? Contact Notion Labs, Inc. at team@makenotion.com or call +1 415-555-0100.</p>',
      false,
    ),
  ],
  [
    "a shop's order confirmation sent through Shopify",
    aligned(
      '"Blue Bottle Coffee" <store+12345@t.shopifyemail.com>',
      'shopifyemail.com',
      'Order #BB1234 confirmed',
      '<p>Thank you for your purchase! Order #BB1234, total $43.00.</p><p><a href="https://bluebottlecoffee.com/account/orders/abc">View your order</a></p><p>Questions? Contact us at support@bluebottlecoffee.com</p>',
      false,
    ),
  ],
  [
    'a calendar invitation naming its guest in brackets',
    aligned(
      '"Mark Lee (via Google Calendar)" <calendar-notification@google.com>',
      'google.com',
      'Invitation: Q4 planning @ Tue Dec 2, 2025 10am - 11am (EST) (jane.doe@gmail.com)',
      '<p>Mark Lee has invited you to Q4 planning.</p><p><a href="https://calendar.google.com/calendar/event?eid=abc">Yes</a> <a href="https://meet.google.com/abc-defg-hij">Join with Google Meet</a></p>',
      false,
    ),
  ],
];

for (const [what, bytes] of CASES)
  test(`hard legitimate mail stays clean: ${what}`, async () => {
    const report = analyzeParsed(await parseMessage(bytes));
    assert.equal(report.verdict, 'clean', report.findings.map((f) => f.rule).join(','));
  });
