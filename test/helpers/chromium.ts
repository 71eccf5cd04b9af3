import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium package (test/system-requirements.json). */
export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet headless run on a CI box: no sandbox (root), no GPU, no calls home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Chromium {
  browser: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches headless Chromium with a fresh profile in a temp dir (removed by close()).
 *
 * @example
 * const { browser, close } = await launchChromium();
 * const page = await browser.newPage();
 */
export async function launchChromium(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Chromium> {
  const dir = mkdtempSync(join(tmpdir(), 'mxd-chromium-'));
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
