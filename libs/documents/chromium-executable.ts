import { existsSync } from 'node:fs';

/** Where Debian, Ubuntu and Google install a Chromium-based browser. */
export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'];

/**
 * The browser to launch: CHROMIUM_PATH when it is set (the configuration checked it exists), else the
 * first candidate installed now. Looked up on each launch, so a browser installed after the worker
 * started is found without a restart.
 */
export function locateChromium(configured: string | null, candidates: readonly string[] = CHROMIUM_CANDIDATES): string | null {
  return configured ?? candidates.find((candidate) => existsSync(candidate)) ?? null;
}
