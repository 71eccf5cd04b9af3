import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createFakeResolver } from '../../test/helpers/fake-resolver.js';
import { toNodeStyleResolver } from './mailauth-resolver.js';
import { examineTransport } from './transport.js';

describe('examineTransport', () => {
  it('accepts well-formed MTA-STS and TLS-RPT records, warns on missing or malformed ones', async () => {
    const good = await examineTransport(
      'a.test',
      createFakeResolver({
        '_mta-sts.a.test': { TXT: ['v=STSv1; id=20261126'] },
        '_smtp._tls.a.test': { TXT: ['v=TLSRPTv1; rua=mailto:tls@a.test'] },
      }),
    );
    assert.deepEqual(
      good.map((i) => i.status),
      ['ok', 'ok'],
    );
    const bad = await examineTransport(
      'a.test',
      createFakeResolver({ '_mta-sts.a.test': { TXT: ['v=STSv1;'] } }),
    );
    assert.deepEqual(
      bad.map((i) => [i.id, i.status]),
      [
        ['transport.mta-sts', 'warning'],
        ['transport.tls-rpt', 'warning'],
      ],
    );
    assert.match(bad[0]!.title, /invalid/);
  });
});

describe('toNodeStyleResolver', () => {
  it('answers in node:dns shapes and fails with node:dns codes', async () => {
    const resolve = toNodeStyleResolver(
      createFakeResolver({
        'a.test': { TXT: ['v=spf1 -all'], MX: [{ preference: 5, exchange: 'mx.a.test' }] },
        'slow.test': { TXT: 'timeout' },
      }),
    );
    assert.deepEqual(await resolve('a.test', 'TXT'), [['v=spf1 -all']]);
    assert.deepEqual(await resolve('a.test', 'MX'), [{ exchange: 'mx.a.test', priority: 5 }]);
    await assert.rejects(resolve('none.test', 'TXT'), { code: 'ENOTFOUND' });
    await assert.rejects(resolve('a.test', 'A'), { code: 'ENODATA' });
    await assert.rejects(
      resolve('slow.test', 'TXT'),
      (e: { code: string; spfResult?: { error: string } }) => {
        assert.equal(e.code, 'ETIMEOUT');
        assert.equal(e.spfResult?.error, 'temperror');
        return true;
      },
    );
  });
});
