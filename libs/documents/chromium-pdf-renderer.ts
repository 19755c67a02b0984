import { Logger } from '@nestjs/common';
import { Browser, chromium } from 'playwright-core';
import { CHROMIUM_CANDIDATES, locateChromium } from './chromium-executable';
import { PdfRenderer, PdfRendererUnavailable, RendererStatus } from './pdf-renderer';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface ChromiumPdfRendererOptions {
  timeoutMs?: number;
  /** Where to look for a browser when CHROMIUM_PATH is not set (tests give their own). */
  candidates?: readonly string[];
}

/**
 * Headless Chromium (the system's, through playwright-core). One browser per process, launched on the
 * first job and launched again if it crashes or disconnects; each job gets a context and page of its
 * own, closed afterwards. The page may not load anything from the network: a template is complete.
 * Without CHROMIUM_PATH the browser is looked for on every launch, so one installed later is used
 * without a restart.
 */
export class ChromiumPdfRenderer extends PdfRenderer {
  private readonly logger = new Logger(ChromiumPdfRenderer.name);
  private browser: Promise<Browser> | null = null;
  private readonly timeoutMs: number;
  private readonly candidates: readonly string[];

  constructor(
    private readonly configuredPath: string | null,
    options: ChromiumPdfRendererOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.candidates = options.candidates ?? CHROMIUM_CANDIDATES;
  }

  /** Launches the browser (or finds it running) and says whether documents can be rendered, and why not. */
  async probe(): Promise<RendererStatus> {
    try {
      const browser = await this.browserOrLaunch();
      return { available: true, detail: `Chromium ${browser.version()}` };
    } catch (error) {
      return { available: false, detail: (error as Error).message };
    }
  }

  async render(html: string): Promise<Buffer> {
    const browser = await this.browserOrLaunch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route(/^(?!data:|about:)/, (route) => route.abort());
      const page = await context.newPage();
      page.setDefaultTimeout(this.timeoutMs);
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      await page.close();
      return pdf;
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const launched = this.browser;
    this.browser = null;
    if (launched) await launched.then((browser) => browser.close()).catch(() => undefined);
  }

  private browserOrLaunch(): Promise<Browser> {
    if (this.browser) return this.browser;
    const executablePath = locateChromium(this.configuredPath, this.candidates);
    if (!executablePath) {
      return Promise.reject(new PdfRendererUnavailable('Chromium is not installed: install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium-based browser'));
    }
    // The process's shutdown closes the browser (close()); playwright's own signal handlers would close it
    // first, and the worker would log a disconnection at every Ctrl+C.
    const launching = chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false }).then((browser) => {
      browser.on('disconnected', () => {
        if (this.browser === launching) {
          this.logger.warn('Chromium disconnected; the next document launches it again');
          this.browser = null;
        }
      });
      return browser;
    }, (error: Error) => {
      // Worth retrying (a launch may fail for want of memory), so not PdfRendererUnavailable; the message says what to fix.
      throw new Error(`Chromium at ${executablePath} cannot be launched (set CHROMIUM_PATH to a working browser): ${error.message.split('\n')[0]}`);
    });
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    this.browser = launching;
    return launching;
  }
}
