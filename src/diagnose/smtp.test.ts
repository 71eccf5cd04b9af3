import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { probeReportFixture } from '../../test/helpers/probe-report.js';
import { greetingItem, greetingName, probeItems } from './smtp.js';

describe('probeItems', () => {
  it('turns an accepted unknown recipient into a backscatter problem with the MTA remedy', () => {
    const base = probeReportFixture();
    const report = probeReportFixture({
      checks: {
        ...base.checks,
        unknownRecipient: {
          verdict: 'accepts',
          address: 'zz@ok.test',
          reply: '250 2.1.5 Ok',
          detail: 'accepted',
        },
      },
      remedy: { mta: 'postfix', text: 'Set smtpd_reject_unlisted_recipient = yes.', steps: [], sources: [] },
    });
    const items = probeItems(report);
    const backscatter = items.find((i) => i.id === 'smtp.backscatter:192.0.2.25');
    assert.equal(backscatter?.status, 'problem');
    assert.equal(backscatter?.fix, 'Set smtpd_reject_unlisted_recipient = yes.');
    assert.equal(items.find((i) => i.id === 'smtp.relay:192.0.2.25')?.status, 'ok');
  });

  it('ranks acceptances seen from a source the server may trust as "confirm from outside", not a problem', () => {
    const base = probeReportFixture();
    const accepted = { address: 'x@relay.test', reply: '250 2.1.5 Ok', detail: 'accepted' };
    const checks = {
      ...base.checks,
      unknownRecipient: { ...accepted, verdict: 'accepts' as const },
      openRelay: { ...accepted, verdict: 'open' as const },
    };
    const outside = probeItems(probeReportFixture({ checks }));
    const inside = probeItems(probeReportFixture({ checks, trustedSource: true, sourceIp: '127.0.0.1' }));
    for (const prefix of ['smtp.relay:', 'smtp.backscatter:']) {
      const far = outside.find((i) => i.id.startsWith(prefix));
      const near = inside.find((i) => i.id.startsWith(prefix));
      assert.equal(far?.status, 'problem');
      assert.equal(near?.status, 'warning');
      assert.match(near?.title ?? '', /confirm from outside/);
      assert.ok((near?.weight ?? 0) < (far?.weight ?? 0), `${prefix} ranks below the outside verdict`);
    }
  });

  it('flags an open relay and a missing STARTTLS', () => {
    const base = probeReportFixture();
    const tls = {
      offered: false,
      attempted: false,
      ok: false,
      error: null,
      protocol: null,
      cipher: null,
      subject: null,
      subjectAltNames: [],
      issuer: null,
      validTo: null,
      expired: null,
      selfSigned: null,
      trusted: null,
      trustError: null,
      nameMatches: null,
    };
    const items = probeItems(
      probeReportFixture({
        tls,
        checks: {
          ...base.checks,
          openRelay: { verdict: 'open', address: 'x@relay.test', reply: '250 ok', detail: '' },
        },
      }),
    );
    assert.equal(items.find((i) => i.id.startsWith('smtp.relay'))?.status, 'problem');
    assert.equal(items.find((i) => i.id.startsWith('smtp.tls'))?.status, 'warning');
  });

  it('reads an unreachable server as unknown, not as a problem', () => {
    const items = probeItems(
      probeReportFixture({ connected: false, greeting: null, error: 'connect ECONNREFUSED' }),
    );
    assert.deepEqual(
      items.map((i) => i.status),
      ['unknown'],
    );
  });
});

describe('greeting against PTR', () => {
  it('parses the name and compares it', () => {
    assert.equal(greetingName('220 mail.ok.test ESMTP Postfix'), 'mail.ok.test');
    assert.equal(greetingName('220 ESMTP ready'), null);
    assert.equal(greetingItem('192.0.2.25', '220 mail.ok.test ESMTP', ['mail.ok.test'])?.status, 'ok');
    assert.equal(
      greetingItem('192.0.2.25', '220 localhost.localdomain ESMTP', ['mail.ok.test'])?.status,
      'warning',
    );
    assert.equal(greetingItem('192.0.2.25', '220 mail.ok.test', null), null);
  });
});
