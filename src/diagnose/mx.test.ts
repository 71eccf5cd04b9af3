import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver } from '../../test/helpers/fake-resolver.js';
import { examineMx } from './mx.js';

describe('examineMx', () => {
  it('orders hosts by preference and resolves each', async () => {
    const resolver = createFakeResolver({
      'a.test': {
        MX: [
          { preference: 20, exchange: 'mx2.a.test' },
          { preference: 10, exchange: 'mx1.a.test' },
        ],
      },
      'mx1.a.test': { A: ['192.0.2.1'] },
      'mx2.a.test': { A: ['192.0.2.2'], AAAA: ['2001:db8::2'] },
    });
    const found = await examineMx('a.test', resolver);
    assert.deepEqual(
      found.hosts.map((h) => [h.exchange, h.addresses]),
      [
        ['mx1.a.test', ['192.0.2.1']],
        ['mx2.a.test', ['192.0.2.2', '2001:db8::2']],
      ],
    );
    assert.ok(found.items.every((i) => i.status === 'ok'));
  });

  it('recognises a null MX (RFC 7505) and a mixed one', async () => {
    const only = await examineMx(
      'n.test',
      createFakeResolver({ 'n.test': { MX: [{ preference: 0, exchange: '' }] } }),
    );
    assert.equal(only.nullMx, true);
    assert.equal(only.items[0]!.status, 'warning');
    const mixed = await examineMx(
      'n.test',
      createFakeResolver({
        'n.test': {
          MX: [
            { preference: 0, exchange: '' },
            { preference: 10, exchange: 'mx.n.test' },
          ],
        },
      }),
    );
    assert.equal(mixed.items[0]!.status, 'problem');
  });

  it('flags an IP-literal MX, an MX without address and a CNAME MX', async () => {
    const resolver = createFakeResolver({
      'b.test': {
        MX: [
          { preference: 10, exchange: '192.0.2.9' },
          { preference: 20, exchange: 'gone.b.test' },
        ],
      },
    });
    const found = await examineMx('b.test', resolver);
    assert.equal(found.items.find((i) => i.id === 'mx.literal:192.0.2.9')?.status, 'problem');
    assert.equal(found.items.find((i) => i.id === 'mx.address:gone.b.test')?.status, 'problem');
    const alias = {
      status: 'answer' as const,
      records: ['192.0.2.3'],
      canonicalName: 'real.c.test',
      ms: 0,
    };
    const base = createFakeResolver({ 'c.test': { MX: [{ preference: 10, exchange: 'alias.c.test' }] } });
    const cname = await examineMx('c.test', {
      ...base,
      query: (name, type) =>
        name === 'alias.c.test' && type === 'A' ? Promise.resolve(alias) : base.query(name, type),
    } as typeof base);
    assert.equal(cname.items.find((i) => i.id === 'mx.cname:alias.c.test')?.status, 'warning');
  });

  it('treats no MX as the implicit MX, NXDOMAIN as a problem, and a timeout as unknown', async () => {
    const implicit = await examineMx('d.test', createFakeResolver({ 'd.test': { A: ['192.0.2.4'] } }));
    assert.equal(implicit.items[0]!.status, 'warning');
    assert.deepEqual(implicit.hosts[0]?.addresses, ['192.0.2.4']);
    const missing = await examineMx('e.test', createFakeResolver({}));
    assert.equal(missing.items[0]!.status, 'problem');
    const slow = await examineMx('f.test', createFakeResolver({ 'f.test': { MX: 'timeout' } }));
    assert.equal(slow.items[0]!.status, 'unknown');
  });
});
