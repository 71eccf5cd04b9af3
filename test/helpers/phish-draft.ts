/**
 * A phishing-rule test message written as a draft: sender, the domain the receiving server
 * recorded an aligned DMARC pass for (as Gmail writes Authentication-Results), subject, HTML body
 * and extra headers. Shared by the phish tests that judge whole messages (no real message copied).
 */
import { parseMessage } from '../../src/mail/parse.js';
import { analyzeParsed } from '../../src/phish/analyze.js';
import type { PhishReport } from '../../src/phish/types.js';

export interface Draft {
  from: string;
  /** The domain the receiving server recorded an aligned DMARC pass for, or null for none. */
  dmarc: string | null;
  subject: string;
  html: string;
  extra?: string[];
}

function draftBytes(d: Draft): Uint8Array {
  const headers = [
    ...(d.dmarc === null
      ? []
      : [
          `Authentication-Results: mx.google.com; dkim=pass header.i=@${d.dmarc} header.s=s1; spf=pass smtp.mailfrom=bounce.${d.dmarc}; dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=${d.dmarc}`,
        ]),
    `From: ${d.from}`,
    'To: <jane.doe@gmail.com>',
    `Subject: ${d.subject}`,
    'Date: Mon, 24 Nov 2025 10:00:00 +0000',
    'Message-ID: <t1@mail.example>',
    ...(d.extra ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
  ];
  return new TextEncoder().encode(`${headers.join('\r\n')}\r\n\r\n${d.html}\r\n`);
}

export async function judge(d: Draft): Promise<PhishReport> {
  return analyzeParsed(await parseMessage(draftBytes(d)));
}

/** The rules a report found, in order. */
export const rules = (r: PhishReport): string[] => r.findings.map((f) => f.rule);
