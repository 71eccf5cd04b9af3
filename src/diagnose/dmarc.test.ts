import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver } from '../../test/helpers/fake-resolver.js';
import { examineDmarc } from './dmarc.js';

const status = (items: { id: string; status: string }[], id: string) =>
  items.find((i) => i.id === id)?.status;

describe('examineDmarc', () => {
  it('accepts p=reject with reports to the domain itself', async () => {
    const items = await examineDmarc(
      'a.test',
      createFakeResolver({ '_dmarc.a.test': { TXT: ['v=DMARC1; p=reject; rua=mailto:d@a.test; adkim=s'] } }),
    );
    assert.equal(status(items, 'dmarc.record'), 'ok');
    assert.equal(status(items, 'dmarc.policy'), 'ok');
    assert.equal(status(items, 'dmarc.reports'), 'ok');
    assert.ok(
      items
        .find((i) => i.id === 'dmarc.alignment')
        ?.evidence.some((e) => e.includes('DKIM alignment strict')),
    );
  });

  it('reports no record, several records, p=none, and an invalid policy', async () => {
    assert.equal(
      status(
        await examineDmarc('a.test', createFakeResolver({ 'a.test': { A: ['192.0.2.1'] } })),
        'dmarc.record',
      ),
      'problem',
    );
    const two = await examineDmarc(
      'a.test',
      createFakeResolver({ '_dmarc.a.test': { TXT: ['v=DMARC1; p=none', 'v=DMARC1; p=reject'] } }),
    );
    assert.match(two[0]!.title, /2 DMARC records/);
    assert.equal(
      status(
        await examineDmarc('a.test', createFakeResolver({ '_dmarc.a.test': { TXT: ['v=DMARC1; p=none'] } })),
        'dmarc.policy',
      ),
      'warning',
    );
    assert.equal(
      status(
        await examineDmarc('a.test', createFakeResolver({ '_dmarc.a.test': { TXT: ['v=DMARC1; p=maybe'] } })),
        'dmarc.policy',
      ),
      'problem',
    );
  });

  it('inherits the organisational domain record for a subdomain', async () => {
    const items = await examineDmarc(
      'mail.a.test',
      createFakeResolver({ '_dmarc.a.test': { TXT: ['v=DMARC1; p=quarantine; rua=mailto:d@a.test'] } }),
    );
    assert.equal(status(items, 'dmarc.record'), 'ok');
    assert.ok(items[0]!.evidence.some((e) => e.includes('organisational domain a.test')));
  });

  it('checks that an external report address agreed to receive reports (RFC 7489 §7.1)', async () => {
    const record = { TXT: ['v=DMARC1; p=reject; rua=mailto:x@reports.test'] };
    const without = await examineDmarc('a.test', createFakeResolver({ '_dmarc.a.test': record }));
    assert.equal(status(without, 'dmarc.reports'), 'warning');
    const withAuth = await examineDmarc(
      'a.test',
      createFakeResolver({
        '_dmarc.a.test': record,
        'a.test._report._dmarc.reports.test': { TXT: ['v=DMARC1'] },
      }),
    );
    assert.equal(status(withAuth, 'dmarc.reports'), 'ok');
  });

  it('reads a DNS failure as unknown', async () => {
    assert.equal(
      status(
        await examineDmarc('a.test', createFakeResolver({ '_dmarc.a.test': { TXT: 'servfail' } })),
        'dmarc.record',
      ),
      'unknown',
    );
  });
});
