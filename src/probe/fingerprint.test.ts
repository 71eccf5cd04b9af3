import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identifyMta, remedyFor } from './fingerprint.js';
import data from './mta-fingerprints.json' with { type: 'json' };

const POSTFIX_EHLO =
  'mx.example.test\nPIPELINING\nSIZE 10240000\nETRN\nSTARTTLS\nENHANCEDSTATUSCODES\n8BITMIME\nDSN\nSMTPUTF8\nCHUNKING';

describe('identifyMta', () => {
  const cases: [
    string,
    { host?: string; greeting: string | null; ehlo?: string | null },
    string,
    string | null,
  ][] = [
    ['Postfix banner', { greeting: 'mx.example.test ESMTP Postfix (Debian/GNU)' }, 'postfix', null],
    [
      'Postfix by EHLO order under a custom banner',
      { greeting: 'mail.example.test ESMTP ready', ehlo: POSTFIX_EHLO },
      'postfix',
      null,
    ],
    [
      'Exim with version',
      { greeting: 'mx2.example.test ESMTP Exim 4.96 Thu, 26 Nov 2026 19:31:37 +0000' },
      'exim',
      '4.96',
    ],
    [
      'Exchange 2000',
      { greeting: 'x Microsoft ESMTP MAIL Service, Version: 5.0.2195.6713 ready at Thu' },
      'exchange-2000',
      '5.0.2195.6713',
    ],
    [
      'Exchange 2003',
      { greeting: 'x Microsoft ESMTP MAIL Service, Version: 6.0.3790.4675 ready at Thu' },
      'exchange-2003',
      '6.0.3790.4675',
    ],
    [
      'Exchange 2007+',
      { greeting: 'x Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026' },
      'exchange-2007-2019',
      null,
    ],
    [
      'Exchange Online',
      {
        host: 'example-com.mail.protection.outlook.com',
        greeting: 'AM0PR.eurprd04.prod.outlook.com Microsoft ESMTP MAIL Service ready at Thu',
      },
      'exchange-online',
      null,
    ],
    [
      'Sendmail',
      { greeting: 'mail.example.test ESMTP Sendmail 8.14.4/8.14.4/Debian-4.1ubuntu1; Thu' },
      'sendmail',
      '8.14.4',
    ],
    ['Google', { greeting: 'mx.google.com ESMTP a1-20020a170906 - gsmtp' }, 'google', null],
    [
      'Domino',
      { greeting: 'mail.example.test ESMTP Service (Lotus Domino Release 8.5.3FP6) ready at Thu' },
      'domino',
      '8.5.3FP6',
    ],
    ['Haraka', { greeting: 'mx.example.test ESMTP Haraka/2.8.25 ready' }, 'haraka', '2.8.25'],
    [
      'qmail',
      { greeting: 'mx.example.test ESMTP', ehlo: 'mx.example.test\nPIPELINING\n8BITMIME' },
      'qmail',
      null,
    ],
  ];
  for (const [name, input, id, version] of cases) {
    it(name, () => {
      const found = identifyMta({
        host: input.host ?? 'mx.example.test',
        greeting: input.greeting,
        ehlo: input.ehlo ?? null,
      });
      assert.equal(found?.id, id);
      assert.equal(found?.version, version);
    });
  }

  it('nothing known: null', () => {
    assert.equal(
      identifyMta({ host: 'mx.example.test', greeting: 'mx.example.test ESMTP ready', ehlo: 'mx\nSIZE 100' }),
      null,
    );
  });

  it('every entry has a fix and a source, ids are unique and every pattern compiles', () => {
    const ids = new Set<string>();
    for (const m of data.mtas) {
      assert.ok(!ids.has(m.id), `duplicate id ${m.id}`);
      ids.add(m.id);
      assert.ok(m.fix.text.length > 20, m.id);
      assert.ok(m.sources.length > 0, m.id);
      for (const alt of m.match)
        for (const p of Object.values(alt)) assert.doesNotThrow(() => new RegExp(p as string));
      assert.equal(remedyFor({ id: m.id, name: m.name, version: null, evidence: 'x' })?.mta, m.name);
    }
  });
});
