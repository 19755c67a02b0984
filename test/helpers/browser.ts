import { Browser, chromium } from 'playwright-core';
import { loadConfig } from '@app/config';

/** Headless Chromium from the system (Debian's package), driven by playwright-core. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = loadConfig({ NODE_ENV: 'test' }).chromiumPath;
  if (!executablePath) throw new Error('Chromium is not installed (apt-get install -y chromium), or set CHROMIUM_PATH');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}
