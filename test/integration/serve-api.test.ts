import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCatalog } from '../../src/check/index.js';
import { compilePolicy } from '../../src/core/address-policy.js';
import type { ProbeFn } from '../../src/diagnose/index.js';
import { createApp, type HttpLimits } from '../../src/http/app.js';
import openapi from '../../src/http/openapi.json' with { type: 'json' };
import { createTools } from '../../src/http/tools.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { createFakeResolver, type FakeZone } from '../helpers/fake-resolver.js';

// The API contract of issue 14 with the in-memory monitor and the real tools on a fake zone:
// shapes, auth, SSRF refusal, body and rate limits, escaping, headers, the OpenAPI document.
const TOKEN = 'test-token-0123456789';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
const JSON_AUTH = { ...AUTH, 'Content-Type': 'application/json' };

const catalog = parseCatalog(
  [{ zone: 'zen.example', kind: 'ip', delist: 'https://delist.example/' }],
  'test',
);
const zone: FakeZone = {
  '': { NS: ['a.root-servers.example'] },
  example: { NS: ['ns.example'] },
  '2.0.0.127.zen.example': { A: ['127.0.0.2'] },
  '27.2.0.192.zen.example': { A: ['127.0.0.2'], TXT: ['listed: see <b>https://delist.example/</b>'] },
  'lan.example': { MX: [{ exchange: 'mx.lan.example', preference: 10 }] },
  'mx.lan.example': { A: ['10.0.0.25'] },
};

function setup(
  options: { allow?: string[]; limits?: Partial<HttpLimits>; probe?: ProbeFn; hosts?: Set<string> } = {},
) {
  const monitor = new FakeMonitor();
  const tools = createTools({
    resolver: createFakeResolver(zone),
    catalog,
    policy: compilePolicy({ allow: options.allow ?? [] }),
    probe: options.probe ?? null,
    smtpPort: 25,
    partTimeoutMs: 2000,
  });
  const logged: string[] = [];
  const app = createApp({
    monitor,
    tools,
    auth: { token: TOKEN },
    clock: () => new Date('2026-11-30T12:00:00Z'),
    log: (line) => logged.push(line),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.hosts ? { allowedHosts: options.hosts } : {}),
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = JSON_AUTH) =>
    app.request(path, {
      method: 'POST',
      headers,
      body: typeof body === 'string' || body instanceof FormData ? body : JSON.stringify(body),
    });
  return { app, monitor, post, logged };
}

describe('serve API: the minimum contract', () => {
  it('GET /healthz answers 200', async () => {
    const { app } = setup();
    assert.equal((await app.request('/healthz')).status, 200);
  });

  it('POST /api/v1/targets adds (201), GET lists with listings, DELETE removes', async () => {
    const { app, monitor, post } = setup();
    const added = await post('/api/v1/targets', { target: '192.0.2.27', group: 'default' });
    assert.equal(added.status, 201);
    assert.equal(((await added.json()) as { target: string }).target, '192.0.2.27');
    monitor.list('192.0.2.27', { zone: 'zen.example', txt: 'spam seen', delist: 'https://d.example/' });
    const list = (await (await app.request('/api/v1/targets')).json()) as Record<string, unknown>[];
    assert.equal(list.length, 1);
    const view = list[0]!;
    assert.equal(view.target, '192.0.2.27');
    assert.equal(view.state, 'listed');
    assert.equal(typeof view.checkedAt, 'string');
    const listing = (view.listings as Record<string, unknown>[])[0]!;
    for (const key of ['zone', 'since', 'codes', 'txt', 'delist']) assert.ok(key in listing, key);
    assert.deepEqual(listing.codes, ['127.0.0.2']);
    const removed = await app.request('/api/v1/targets/192.0.2.27', { method: 'DELETE', headers: AUTH });
    assert.equal(removed.status, 204);
    const again = await app.request('/api/v1/targets/192.0.2.27', { method: 'DELETE', headers: AUTH });
    assert.equal(again.status, 404);
  });

  it('POST /api/v1/targets carries a name (JSON and form); the view has it; a name too long is a 400', async () => {
    const { app, post } = setup();
    const added = await post('/api/v1/targets', {
      target: '192.0.2.27',
      group: 'default',
      name: 'mail-out-1',
    });
    assert.equal(added.status, 201);
    assert.equal(((await added.json()) as { name: string }).name, 'mail-out-1');
    const form = new URLSearchParams({ target: '192.0.2.28', name: 'mail-out-2' });
    const viaForm = await post('/api/v1/targets', form.toString(), {
      ...AUTH,
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    assert.equal(viaForm.status, 201);
    const list = (await (await app.request('/api/v1/targets')).json()) as { target: string; name: unknown }[];
    assert.deepEqual(
      list.map((v) => [v.target, v.name]),
      [
        ['192.0.2.27', 'mail-out-1'],
        ['192.0.2.28', 'mail-out-2'],
      ],
    );
    const long = await post('/api/v1/targets', { target: '192.0.2.29', name: 'n'.repeat(65) });
    assert.equal(long.status, 400);
    assert.match(((await long.json()) as { error: string }).error, /name/);
    const schema = openapi.components.schemas.TargetView;
    assert.ok(schema.required.includes('name') && 'name' in schema.properties);
  });

  it('GET /api/v1/targets/{target}/history gives zone, event and time; a CIDR goes URL-encoded', async () => {
    const { app, monitor, post } = setup();
    assert.equal((await post('/api/v1/targets', { target: '198.51.100.0/30' })).status, 201);
    monitor.list('198.51.100.0/30', { zone: 'zen.example' });
    monitor.delist('198.51.100.0/30', 'zen.example');
    const res = await app.request(`/api/v1/targets/${encodeURIComponent('198.51.100.0/30')}/history`);
    assert.equal(res.status, 200);
    const events = (await res.json()) as { zone: string; event: string; at: string }[];
    assert.deepEqual(
      events.map((e) => [e.zone, e.event]),
      [
        ['zen.example', 'delisted'],
        ['zen.example', 'listed'],
      ],
    );
    assert.match(events[0]!.at, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await app.request('/api/v1/targets/203.0.113.9/history')).status, 404);
    // No longer watched: the history stays readable.
    const cidr = encodeURIComponent('198.51.100.0/30');
    assert.equal(
      (await app.request(`/api/v1/targets/${cidr}`, { method: 'DELETE', headers: AUTH })).status,
      204,
    );
    const kept = await app.request(`/api/v1/targets/${cidr}/history`);
    assert.equal(kept.status, 200);
    assert.equal(((await kept.json()) as unknown[]).length, 2);
  });

  it('a bad target is a 400 naming it, not a 500', async () => {
    const { post } = setup();
    const res = await post('/api/v1/targets', { target: 'not a target!' });
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /not a target!/);
    assert.equal((await post('/api/v1/targets', '{"target":')).status, 400);
    assert.equal((await post('/api/v1/targets', { target: '192.0.2.1', group: 'a b' })).status, 400);
  });

  it('run cycle now and send test alert reach the monitor', async () => {
    const { monitor, post } = setup();
    assert.equal((await post('/api/v1/cycle', {})).status, 202);
    const alert = await post('/api/v1/alerts/test', {});
    assert.deepEqual(await alert.json(), [{ channel: 'webhook', ok: true, error: null }]);
    assert.equal(monitor.cycles, 1);
    assert.equal(monitor.testAlerts, 1);
  });
});

describe('serve API: authentication', () => {
  it('every state-changing or outbound call is 401 without the token, and with a wrong one', async () => {
    const { app, post, monitor } = setup();
    const calls: [string, string][] = [
      ['POST', '/api/v1/targets'],
      ['DELETE', '/api/v1/targets/192.0.2.1'],
      ['POST', '/api/v1/cycle'],
      ['POST', '/api/v1/alerts/test'],
      ['POST', '/api/v1/tools/check'],
      ['POST', '/api/v1/tools/diagnose'],
      ['POST', '/api/v1/tools/bounce'],
      ['POST', '/api/v1/tools/eml'],
      ['POST', '/ui/targets'],
      ['DELETE', '/ui/targets/192.0.2.1'],
      ['POST', '/ui/tools/check'],
      ['GET', '/api/v1/auth'],
    ];
    for (const [method, path] of calls) {
      for (const headers of [{}, { Authorization: 'Bearer wrong' }, { Authorization: TOKEN }]) {
        const res = await app.request(path, { method, headers });
        assert.equal(res.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(res.headers.get('WWW-Authenticate'), 'Bearer realm="mxdoctor"');
      }
    }
    assert.equal(monitor.cycles, 0);
    assert.equal((await post('/api/v1/targets', { target: '192.0.2.1' })).status, 201);
    assert.equal((await app.request('/api/v1/auth', { headers: AUTH })).status, 204);
  });

  it('reads stay open (the listener is loopback by default)', async () => {
    const { app } = setup();
    for (const path of ['/', '/api/v1/targets', '/api/v1/changes', '/api/v1/status', '/metrics'])
      assert.equal((await app.request(path)).status, 200, path);
  });
});

describe('serve API: SSRF, limits, host check', () => {
  it('diagnose refuses loopback, private and link-local targets unless allowed', async () => {
    const { post } = setup();
    for (const target of ['127.0.0.1', '10.1.2.3', '169.254.169.254', '::1', 'fe80::1', '192.168.1.1']) {
      const res = await post('/api/v1/tools/diagnose', { target });
      assert.equal(res.status, 403, target);
      assert.match(((await res.json()) as { error: string }).error, /refused/);
    }
    const allowed = setup({ allow: ['loopback'] });
    const res = await allowed.post('/api/v1/tools/diagnose', { target: '127.0.0.1' });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { target: string }).target, '127.0.0.1');
  });

  it("diagnose never probes a domain's MX at a private address", async () => {
    const probed: string[] = [];
    const probe: ProbeFn = async (t) => {
      probed.push(t.ip);
      throw new Error('must not be reached');
    };
    const { post } = setup({ probe });
    const res = await post('/api/v1/tools/diagnose', { target: 'lan.example' });
    assert.equal(res.status, 200);
    const report = (await res.json()) as { incomplete: { part: string; reason: string }[] };
    assert.deepEqual(probed, []);
    assert.ok(
      report.incomplete.some((p) => /10\.0\.0\.25 is a private address: refused/.test(p.reason)),
      JSON.stringify(report.incomplete),
    );
  });

  it('a body over the limit is 413 before it is parsed', async () => {
    const { post, monitor } = setup({ limits: { formBytes: 1024, bounceBytes: 2048 } });
    const big = await post('/api/v1/targets', { target: '192.0.2.1', pad: 'x'.repeat(2000) });
    assert.equal(big.status, 413);
    assert.equal(monitor.targets.size, 0);
    const bounce = await post('/api/v1/tools/bounce', 'y'.repeat(4000), {
      ...AUTH,
      'Content-Type': 'text/plain',
    });
    assert.equal(bounce.status, 413);
    const small = await post('/api/v1/tools/bounce', 'y'.repeat(1500), {
      ...AUTH,
      'Content-Type': 'text/plain',
    });
    assert.equal(small.status, 200);
  });

  it('a client over the rate is 429 with Retry-After; the tools have their own, lower rate', async () => {
    const { app, post } = setup({
      limits: { rate: { perSecond: 1, burst: 3 }, toolRate: { perSecond: 1, burst: 1 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await app.request('/api/v1/targets')).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const tools = setup({ limits: { toolRate: { perSecond: 1, burst: 1 } } });
    const first = await tools.post('/api/v1/tools/check', { target: '192.0.2.27' });
    const second = await tools.post('/api/v1/tools/check', { target: '192.0.2.27' });
    assert.deepEqual([first.status, second.status], [200, 429]);
    assert.equal(second.headers.get('Retry-After'), '1');
    assert.equal((await tools.app.request('/api/v1/targets')).status, 200);
    void post;
  });

  it('a Host header naming another site is refused (DNS rebinding)', async () => {
    const { app } = setup({ hosts: new Set(['127.0.0.1:8025']) });
    assert.equal((await app.request('http://127.0.0.1:8025/api/v1/targets')).status, 200);
    const evil = await app.request('http://evil.example/api/v1/targets', {
      headers: { Host: 'evil.example' },
    });
    assert.equal(evil.status, 421);
  });
});

describe('serve API: tools through the capability libraries', () => {
  it('check an IP: listed with code, TXT and delist link', async () => {
    const { post } = setup();
    const res = await post('/api/v1/tools/check', { target: '192.0.2.27' });
    assert.equal(res.status, 200);
    const report = (await res.json()) as {
      summary: { listed: number };
      results: { txt: string; delist: string }[];
    };
    assert.equal(report.summary.listed, 1);
    assert.match(report.results[0]!.txt, /listed/);
    assert.equal(report.results[0]!.delist, 'https://delist.example/');
    assert.equal((await post('/api/v1/tools/check', { target: '192.0.2.0/24' })).status, 400);
  });

  it('explain a pasted rejection (text/plain or JSON) and analyse an uploaded message', async () => {
    const { post } = setup();
    const line =
      '550 5.7.1 Service unavailable; Client host [192.0.2.27] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.27';
    for (const [body, type] of [
      [line, 'text/plain'],
      [JSON.stringify({ text: line }), 'application/json'],
    ] as const) {
      const res = await post('/api/v1/tools/bounce', body, { ...AUTH, 'Content-Type': type });
      assert.equal(res.status, 200);
      const report = (await res.json()) as {
        recipients: { blocklist: { zone: string; ip: string } | null }[];
      };
      assert.equal(report.recipients[0]?.blocklist?.ip, '192.0.2.27');
    }
    const eml = 'From: a@example.com\r\nTo: b@example.org\r\nSubject: hello\r\n\r\nJust a note.\r\n';
    const form = new FormData();
    form.set('file', new File([eml], 'note.eml', { type: 'message/rfc822' }));
    const res = await post('/api/v1/tools/eml', form, AUTH);
    assert.equal(res.status, 200);
    const result = (await res.json()) as { phish: { verdict: string; subject: string }; bounce: unknown };
    assert.equal(result.phish.subject, 'hello');
    assert.equal(result.bounce, null);
  });
});

describe('serve: dashboard safety and documents', () => {
  it('every value from DNS is escaped; a javascript: delist link never becomes an href', async () => {
    const { app, monitor, post } = setup();
    await post('/api/v1/targets', { target: '192.0.2.27' });
    monitor.list('192.0.2.27', {
      zone: 'zen.example',
      txt: '<script>alert(1)</script>',
      delist: 'javascript:alert(2)',
      policy: '<img src=x onerror=alert(3)>',
    });
    for (const path of ['/', '/targets/192.0.2.27', '/ui/targets/192.0.2.27/timeline', '/ui/overview']) {
      const page = await (await app.request(path)).text();
      assert.ok(!page.includes('<script>alert'), path);
      assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), path);
      assert.ok(!page.includes('<img src=x'), path);
      assert.ok(!page.includes('href="javascript:'), path);
    }
  });

  it('the dashboard reuses the target list until a change, a finished cycle or 5 s', async () => {
    const { app, monitor, post } = setup();
    let reads = 0;
    const list = monitor.listTargets.bind(monitor);
    monitor.listTargets = () => {
      reads++;
      return list();
    };
    await app.request('/');
    await app.request('/ui/overview');
    assert.equal(reads, 1);
    await post('/api/v1/targets', { target: '192.0.2.1' });
    assert.match(await (await app.request('/')).text(), /192\.0\.2\.1/);
    assert.equal(reads, 2);
    await monitor.runCycle();
    await app.request('/');
    assert.equal(reads, 3);
    assert.equal(((await (await app.request('/api/v1/targets')).json()) as unknown[]).length, 1);
    assert.equal(reads, 4, 'the API reads live');
  });

  it('strict CSP, nosniff, no framing, and no inline script on the page', async () => {
    const { app } = setup();
    const res = await app.request('/');
    const csp = res.headers.get('Content-Security-Policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.equal(res.headers.get('X-Content-Type-Options'), 'nosniff');
    const page = await res.text();
    const scripts = [...page.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length >= 2);
    for (const s of scripts) {
      assert.match(s[1]!, /src="\/assets\//);
      assert.equal(s[2], '');
    }
    assert.doesNotMatch(page, /\son[a-z]+=/i);
    assert.doesNotMatch(page, /style=/);
    for (const asset of ['/assets/htmx.min.js', '/assets/app.js', '/assets/app.css'])
      assert.equal((await app.request(asset)).status, 200, asset);
  });

  it('/metrics: mxdoctor_ names, build info, per-target series only for listed targets', async () => {
    const { app, monitor, post } = setup();
    await post('/api/v1/targets', { target: '192.0.2.27' });
    await post('/api/v1/targets', { target: '192.0.2.99' });
    monitor.list('192.0.2.27', { zone: 'zen.example' });
    const res = await app.request('/metrics');
    assert.match(res.headers.get('Content-Type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.match(text, /^mxdoctor_build_info\{version="[^"]+",node="[^"]+"\} 1$/m);
    assert.match(text, /^mxdoctor_http_requests_total\{/m);
    assert.match(text, /^mxdoctor_http_request_duration_seconds_bucket\{/m);
    assert.match(text, /^mxdoctor_target_listed\{target="192.0.2.27",zone="zen.example"\} 1$/m);
    assert.doesNotMatch(text, /192\.0\.2\.99/);
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
      assert.match(m[1]!, /^mxdoctor_/);
      if (m[2] === 'counter') assert.match(m[1]!, /_total$/);
    }
  });

  it('the OpenAPI document is served and describes every route the app answers', async () => {
    const { app } = setup();
    const res = await app.request('/api/v1/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as typeof openapi;
    assert.equal(doc.openapi, '3.1.0');
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const route of app.routes) {
      if (route.method === 'ALL') continue;
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      if (!paths[path]?.[route.method.toLowerCase()]) missing.push(`${route.method} ${path}`);
    }
    assert.deepEqual(missing, []);
  });
});
