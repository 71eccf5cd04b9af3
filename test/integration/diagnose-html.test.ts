import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, chromium } from 'playwright-core';
import { main } from '../../src/cli/main.js';
import { captureIo } from '../fixtures/diagnose/cli-io.js';
import { type DiagnoseLab, LAB_DNS_CLIENT, startDiagnoseLab } from '../fixtures/diagnose/lab.js';

// The HTML report of the broken test domain, written by the CLI, opened in Debian's chromium.
const CHROMIUM = '/usr/bin/chromium';
let lab: DiagnoseLab;
let browser: BrowserContext;
let dir: string;
let htmlFile: string;
const CLIENT = LAB_DNS_CLIENT;

before(async () => {
  lab = await startDiagnoseLab();
  dir = mkdtempSync(join(tmpdir(), 'mxd-html-'));
  htmlFile = join(dir, 'report.html');
  const code = await main(
    [
      'diagnose',
      'broken.test',
      '--resolver',
      lab.resolver,
      '--catalog',
      lab.catalogFile,
      '--no-smtp',
      '--html',
      htmlFile,
      ...CLIENT,
    ],
    captureIo(),
  );
  assert.equal(code, 1);
  // A fresh profile per run (playwright passes it to chromium as --user-data-dir).
  browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
});

after(async () => {
  await browser?.close();
  await lab?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('diagnose --html in headless Chromium', () => {
  it('is self-contained: no external asset, no script', () => {
    const html = readFileSync(htmlFile, 'utf8');
    assert.doesNotMatch(html, /<script|<link|src=|url\(/i);
    assert.match(html, /Content-Security-Policy/);
  });

  it('shows the summary first, with the three fixes', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(htmlFile).href);
    assert.equal(await page.locator('h1').textContent(), 'Mail diagnosis: broken.test');
    const fixes = page.locator('#fixes > li');
    assert.equal(await fixes.count(), 3);
    assert.match((await fixes.first().textContent()) ?? '', /127\.0\.0\.20 is listed/);
    assert.ok(await fixes.first().isVisible());
    assert.equal(await page.locator('[data-status="problem"].problem').textContent(), '4 problem');
    const summaryTop = (await page.locator('#summary').boundingBox())?.y ?? Number.POSITIVE_INFINITY;
    const firstSectionTop = (await page.locator('details.section').first().boundingBox())?.y ?? 0;
    assert.ok(summaryTop < firstSectionTop, 'summary above the sections');
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('file:')),
      [],
    );
    await page.close();
  });

  it('opens problem sections and expands a closed one on click', async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(htmlFile).href);
    assert.equal((await page.locator('#section-spf').getAttribute('open')) !== null, true);
    const transport = page.locator('#section-transport');
    assert.equal((await transport.getAttribute('open')) !== null, false);
    const item = transport.locator('li[data-id="transport.mta-sts"]');
    assert.equal(await item.isVisible(), false);
    await transport.locator('summary').click();
    assert.equal((await transport.getAttribute('open')) !== null, true);
    assert.ok(await item.isVisible());
    assert.match((await item.textContent()) ?? '', /no MTA-STS record/);
    await page.close();
  });
});
