import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { loadConfig } from '@app/config';
import { locateChromium } from '../../libs/documents/chromium-executable';

/** Headless Chromium from the system (Debian's package), driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = locateChromium(loadConfig({ NODE_ENV: 'test', CHROMIUM_PATH: process.env.CHROMIUM_PATH }).chromiumPath);
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium), or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Where the browser tests leave screenshots and PDFs for a person to look at (not committed). */
export const SCREENSHOTS = process.env.SCREENSHOT_DIR ?? join(__dirname, '..', '..', 'tmp', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

/** Collects the page's Content-Security-Policy violations (the tests expect none). */
export function recordCspViolations(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) into.push(message.text());
  });
}
