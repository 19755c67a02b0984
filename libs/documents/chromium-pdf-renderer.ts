import { Logger } from '@nestjs/common';
import { Browser, chromium } from 'playwright-core';
import { PdfRenderer, PdfRendererUnavailable } from './pdf-renderer';

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Headless Chromium (the system's, through playwright-core). One browser per process, launched on the
 * first job and launched again if it crashes or disconnects; each job gets a context and page of its
 * own, closed afterwards. The page may not load anything from the network: a template is complete.
 */
export class ChromiumPdfRenderer extends PdfRenderer {
  private readonly logger = new Logger(ChromiumPdfRenderer.name);
  private browser: Promise<Browser> | null = null;

  constructor(
    private readonly executablePath: string | null,
    private readonly timeoutMs = 30_000,
  ) {
    super();
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
    if (!this.executablePath) throw new PdfRendererUnavailable('Chromium is not installed (set CHROMIUM_PATH)');
    const launching = chromium.launch({ executablePath: this.executablePath, headless: true, args: CHROMIUM_ARGS }).then((browser) => {
      browser.on('disconnected', () => {
        if (this.browser === launching) {
          this.logger.warn('Chromium disconnected; the next document launches it again');
          this.browser = null;
        }
      });
      return browser;
    });
    launching.catch(() => {
      if (this.browser === launching) this.browser = null;
    });
    this.browser = launching;
    return launching;
  }
}
