import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeMonitor } from '../../test/helpers/fake-monitor.js';
import { createApp } from './app.js';
import type { Tools } from './tools.js';

// GET /api/v1/targets: the whole list without parameters (the contract), a filtered page with them.
async function setup() {
  const monitor = new FakeMonitor();
  for (let i = 0; i < 30; i++)
    await monitor.addTarget({ target: `192.0.2.${i}`, group: i % 3 === 0 ? 'mail' : 'default' });
  for (const v of monitor.targets.values()) if (Number(v.target.split('.')[3]) % 2 === 0) v.state = 'clean';
  for (const i of [4, 9]) monitor.targets.get(`192.0.2.${i}`)!.state = 'listed';
  const app = createApp({ monitor, tools: {} as Tools, auth: { token: 'token-0123456789abcdef' } });
  const get = async (query: string) => {
    const res = await app.request(`/api/v1/targets${query}`);
    return { res, body: (await res.json()) as { target: string; state: string; group: string }[] };
  };
  return { get };
}

describe('GET /api/v1/targets filters and pages', () => {
  it('answers every target without parameters, and no count header', async () => {
    const { get } = await setup();
    const { res, body } = await get('');
    assert.equal(body.length, 30);
    assert.equal(res.headers.get('X-Total-Count'), null);
  });

  it('filters by state and group; X-Total-Count says how many match', async () => {
    const { get } = await setup();
    const listed = await get('?state=listed');
    assert.deepEqual(
      listed.body.map((v) => v.target),
      ['192.0.2.4', '192.0.2.9'],
    );
    assert.equal(listed.res.headers.get('X-Total-Count'), '2');
    const mailClean = await get('?state=clean&group=mail');
    assert.ok(mailClean.body.every((v) => v.group === 'mail' && v.state === 'clean'));
    assert.deepEqual(
      mailClean.body.map((v) => v.target),
      ['192.0.2.0', '192.0.2.6', '192.0.2.12', '192.0.2.18', '192.0.2.24'],
    );
  });

  it('pages with limit and offset in list order', async () => {
    const { get } = await setup();
    const all = (await get('')).body.map((v) => v.target);
    const pages: string[] = [];
    for (let offset = 0; offset < 30; offset += 7) {
      const { res, body } = await get(`?limit=7&offset=${offset}`);
      assert.equal(res.headers.get('X-Total-Count'), '30');
      assert.ok(body.length <= 7);
      pages.push(...body.map((v) => v.target));
    }
    assert.deepEqual(pages, all);
    assert.deepEqual((await get('?offset=100')).body, []);
  });

  it('refuses a bad state, limit or offset with 400 naming it', async () => {
    const { get } = await setup();
    for (const [query, word] of [
      ['?state=red', 'state'],
      ['?limit=ten', 'limit'],
      ['?offset=-1', 'offset'],
    ] as const) {
      const { res, body } = await get(query);
      assert.equal(res.status, 400, query);
      assert.match((body as unknown as { error: string }).error, new RegExp(word));
    }
  });
});
