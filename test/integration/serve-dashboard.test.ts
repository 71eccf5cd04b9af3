import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { parseCatalog } from '../../src/check/index.js';
import { compilePolicy } from '../../src/core/address-policy.js';
import { createApp } from '../../src/http/app.js';
import { listen, type RunningServer } from '../../src/http/listen.js';
import { createTools } from '../../src/http/tools.js';
import { type Chromium, launchChromium } from '../helpers/chromium.js';
import { FakeMonitor } from '../helpers/fake-monitor.js';
import { createFakeResolver } from '../helpers/fake-resolver.js';

// The dashboard in Debian's headless Chromium against a live server on loopback: the grid renders,
// a target's timeline opens, the bounce form explains a pasted rejection, nothing breaks the CSP.
// MXDOCTOR_SCREENSHOTS=1 writes the screenshots into docs/img/ (else a temp dir).
const TOKEN = 'dashboard-test-token-42';
let now = new Date('2026-11-02T08:00:00Z');
const monitor = new FakeMonitor(() => now);
let server: RunningServer;
let chromium: Chromium;
let shots: string;
let tempShots: string | null = null;

const ZONES = ['zen.example', 'bl.example', 'psbl.example', 'dbl.example', 'truncate.example', 'ix.example'];

async function seed(): Promise<void> {
  for (const t of ['192.0.2.27', '192.0.2.28', '198.51.100.0/29', 'mail.example.com', '2001:db8::25'])
    await monitor.addTarget({ target: t, group: t.includes('/') ? 'outbound' : 'default' });
  await monitor.runCycle();
  now = new Date('2026-11-10T09:30:00Z');
  monitor.list('192.0.2.27', {
    zone: 'zen.example',
    name: 'Example ZEN',
    codes: ['127.0.0.3'],
    meaning: 'CSS: snowshoe spam seen from this address',
    txt: 'https://check.example/query/ip/192.0.2.27 <b>not bold</b>',
    delist: 'https://check.example/removal',
    policy: 'Fix the cause, then ask for removal; it expires after 48 h without new spam.',
  });
  now = new Date('2026-11-12T14:05:00Z');
  monitor.list('192.0.2.27', {
    zone: 'bl.example',
    delist: 'https://bl.example/delist',
    policy: 'Self-service form.',
  });
  now = new Date('2026-11-20T10:00:00Z');
  monitor.delist('192.0.2.27', 'bl.example');
  now = new Date('2026-11-29T22:15:00Z');
  monitor.list('198.51.100.0/29', {
    zone: 'psbl.example',
    address: '198.51.100.5',
    delist: 'https://psbl.example/',
  });
  monitor.targets
    .get('2001:db8::25')!
    .unknown.push({ zone: 'ix.example', reason: 'rate-limited (127.255.255.255)' });
  monitor.targets.get('2001:db8::25')!.state = 'unknown';
  now = new Date('2026-11-30T12:00:00Z');
}

before(async () => {
  await seed();
  const budgets = monitor.budgets();
  monitor.budgets = () => ZONES.map((zone) => ({ ...budgets[0]!, zone }));
  const tools = createTools({
    resolver: createFakeResolver({}),
    catalog: parseCatalog([{ zone: 'zen.example', kind: 'ip' }], 'test'),
    policy: compilePolicy({ allow: [] }),
    probe: null,
    smtpPort: 25,
    partTimeoutMs: 2000,
  });
  const app = createApp({ monitor, tools, auth: { token: TOKEN }, clock: () => now, log: () => {} });
  server = await listen(app, { host: '127.0.0.1', port: 0 });
  chromium = await launchChromium();
  if (process.env.MXDOCTOR_SCREENSHOTS) shots = 'docs/img';
  else shots = tempShots = mkdtempSync(join(tmpdir(), 'mxd-shots-'));
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await chromium?.close();
  await server?.close();
  if (tempShots) rmSync(tempShots, { recursive: true, force: true });
});

/** A page that records console errors, uncaught exceptions and every URL it asks for. */
async function open(path: string, viewport?: { width: number; height: number }) {
  const page = await chromium.browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(new URL(path, server.url).href);
  return { page, problems, requests };
}

async function signIn(page: Page): Promise<void> {
  await page.fill('#login input[name=token]', TOKEN);
  await page.click('#login button');
  await page.waitForFunction("document.getElementById('auth-state')?.textContent === 'signed in'");
}

describe('serve dashboard in headless Chromium', () => {
  it('renders the counts and the targets x lists grid from local assets only', async () => {
    const { page, problems, requests } = await open('/');
    assert.equal(await page.locator('#listed-count').textContent(), '2');
    const rows = page.locator('#grid tbody tr');
    assert.equal(await rows.count(), 5);
    assert.match((await rows.first().textContent()) ?? '', /192\.0\.2\.27.*listed/);
    assert.equal(await page.locator('#grid td.l').count(), 2);
    assert.equal(await page.locator('#grid td.u').count(), 1);
    assert.match(
      (await page.locator('#listed-now').textContent()) ?? '',
      /Fix the cause, then ask for removal/,
    );
    assert.equal(await page.locator('#listed-now a[href="https://check.example/removal"]').count(), 1);
    // The TXT record's markup is shown as text, never rendered.
    assert.equal(await page.locator('#listed-now b:text("not bold")').count(), 0);
    const origin = new URL(server.url).origin;
    assert.deepEqual(
      requests.filter((u) => !u.startsWith(origin)),
      [],
    );
    await page.screenshot({ path: join(shots, 'serve-dashboard.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it("opens a target's timeline in place", async () => {
    const { page, problems } = await open('/');
    await page.click('#grid a:text("192.0.2.27")');
    const timeline = page.locator('#timeline');
    await timeline.waitFor();
    assert.equal(await timeline.getAttribute('data-target'), '192.0.2.27');
    const events = timeline.locator('ul.events').last().locator('li');
    assert.equal(await events.count(), 3);
    assert.match((await events.first().textContent()) ?? '', /delisted.*bl\.example/s);
    assert.match(page.url(), /\/targets\/192\.0\.2\.27$/);
    await timeline.screenshot({ path: join(shots, 'serve-timeline.png') });
    assert.deepEqual(problems, []);
    await page.close();
  });

  it('explains a pasted rejection through the bounce form once signed in', async () => {
    const { page, problems } = await open('/');
    await page.fill('#bounce-form textarea', 'x');
    await page.click('#bounce-form button');
    await page.locator('#tool-result .error').waitFor();
    assert.match((await page.locator('#tool-result').textContent()) ?? '', /Sign in/);
    await signIn(page);
    await page.fill(
      '#bounce-form textarea',
      '550 5.7.1 Service unavailable; Client host [192.0.2.27] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.27',
    );
    await page.click('#bounce-form button');
    const result = page.locator('#bounce-result');
    await result.waitFor();
    const text = (await result.textContent()) ?? '';
    assert.match(text, /192\.0\.2\.27/);
    assert.match(text, /Blocklist/);
    assert.ok((await result.locator('.explanation').textContent())!.length > 10);
    await page.locator('section:has(#tool-result)').screenshot({ path: join(shots, 'serve-bounce.png') });
    assert.deepEqual(
      problems.filter((p) => !/401/.test(p)),
      [],
    );
    await page.close();
  });

  it('fits a phone screen: no horizontal page scroll, the grid scrolls in its box', async () => {
    const { page, problems } = await open('/', { width: 390, height: 844 });
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
    await page.screenshot({ path: join(shots, 'serve-phone.png'), fullPage: false });
    assert.deepEqual(problems, []);
    await page.close();
  });
});
