import { Logger } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_CANDIDATES, locateChromium } from './chromium-executable';
import { Turns } from '@app/shared-kernel';
import { PdfRenderer, PdfRendererUnavailable, RendererStatus } from './pdf-renderer';

/** PDF_PAGE_DOCUMENTS' default (ChromiumPdfRendererOptions.documentsPerPage). */
const DEFAULT_DOCUMENTS_PER_PAGE = 2000;

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface ChromiumPdfRendererOptions {
  timeoutMs?: number;
  /** Where to look for a browser when CHROMIUM_PATH is not set (tests give their own). */
  candidates?: readonly string[];
  /** Warm pages kept for documents (PDF_PAGES, default 2): at most this many render at once. */
  pages?: number;
  /**
   * A page is closed and replaced after this many documents (PDF_PAGE_DOCUMENTS, default 2000). A
   * replacement costs Chromium about 550 ms of CPU (a new context, page and renderer process, against
   * about 100 ms per PDF), while one page's memory stays flat over thousands of documents (Chromium's
   * PSS 497 MiB after 200, 506 MiB after 3000, 2026-12-03): every 200 documents the replacements took
   * about 2.8 ms per PDF, every 2000 about 0.3 ms.
   */
  documentsPerPage?: number;
}

function positiveInteger(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`Configuration error: ${name} must be a whole number of 1 or more (got "${raw}")`);
  return Number(raw);
}

/** The pool's size and recycling from the environment (README, «Configuration»). */
export function chromiumPoolOptions(env: Record<string, string | undefined> = process.env): Required<Pick<ChromiumPdfRendererOptions, 'pages' | 'documentsPerPage'>> {
  return { pages: Math.min(16, positiveInteger(env, 'PDF_PAGES', 2)), documentsPerPage: positiveInteger(env, 'PDF_PAGE_DOCUMENTS', DEFAULT_DOCUMENTS_PER_PAGE) };
}

/** A warm page in a context of its own (JavaScript off, network off), and how many documents it has made. */
interface Slot {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  documents: number;
}

/**
 * Headless Chromium (the system's, through playwright-core). One browser per process, launched on the
 * first job and launched again if it crashes or disconnects. Documents are rendered on a small pool of
 * warm pages (`pages`), each in a context of its own with JavaScript off and every request that is not
 * `data:` aborted (a template is complete): creating a context and a page costs about three times as
 * much as the PDF itself, so a page is reused, each document replacing its whole content
 * (page.setContent). A page is closed and replaced after `documentsPerPage` documents, and at once
 * after any failure or timeout (it may be in any state then); a document that finds every page busy
 * waits for one. Without CHROMIUM_PATH the browser is looked for on every launch, so one installed
 * later is used without a restart.
 */
export class ChromiumPdfRenderer extends PdfRenderer {
  private readonly logger = new Logger(ChromiumPdfRenderer.name);
  private browser: Promise<Browser> | null = null;
  private readonly timeoutMs: number;
  private readonly candidates: readonly string[];
  private readonly documentsPerPage: number;
  /** Warm pages not in use. */
  private readonly idle: Slot[] = [];
  /** Pages in use or being opened (idle ones are not counted), at most PDF_PAGES, and the documents waiting for one. */
  private readonly turns: Turns;
  private closed = false;

  constructor(
    private readonly configuredPath: string | null,
    options: ChromiumPdfRendererOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.candidates = options.candidates ?? CHROMIUM_CANDIDATES;
    this.documentsPerPage = Math.max(1, options.documentsPerPage ?? DEFAULT_DOCUMENTS_PER_PAGE);
    this.turns = new Turns(Math.max(1, options.pages ?? 2));
  }

  override get capacity(): number {
    return this.turns.size;
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
    await this.turns.take();
    let slot: Slot | undefined;
    let healthy = false;
    try {
      slot = await this.warmPage();
      await slot.page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
      const pdf = await slot.page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      slot.documents += 1;
      healthy = true;
      return pdf;
    } finally {
      this.release(slot, healthy);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const launched = this.browser;
    this.browser = null;
    this.idle.length = 0;
    if (launched) await launched.then((browser) => browser.close()).catch(() => undefined);
  }

  /** An idle page of the running browser, or a new one (a new context, its route and media set once). */
  private async warmPage(): Promise<Slot> {
    const browser = await this.browserOrLaunch();
    while (this.idle.length > 0) {
      const slot = this.idle.pop()!;
      if (slot.browser === browser && !slot.page.isClosed()) return slot;
      void slot.context.close().catch(() => undefined);
    }
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    try {
      await context.route(/^(?!data:|about:)/, (route) => route.abort());
      const page = await context.newPage();
      page.setDefaultTimeout(this.timeoutMs);
      await page.emulateMedia({ media: 'print' });
      return { browser, context, page, documents: 0 };
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  /** Gives the page back (or closes it: after a failure, or when it has made its share), and lets the next document in. */
  private release(slot: Slot | undefined, healthy: boolean): void {
    if (slot) {
      if (healthy && !this.closed && slot.documents < this.documentsPerPage && !slot.page.isClosed()) this.idle.push(slot);
      else void slot.context.close().catch(() => undefined);
    }
    this.turns.give();
  }

  private browserOrLaunch(): Promise<Browser> {
    if (this.browser) return this.browser;
    const executablePath = locateChromium(this.configuredPath, this.candidates);
    if (!executablePath) {
      return Promise.reject(new PdfRendererUnavailable('Chromium is not installed: install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium-based browser'));
    }
    this.closed = false;
    // The process's shutdown closes the browser (close()); playwright's own signal handlers would close it
    // first, and the worker would log a disconnection at every Ctrl+C.
    // playwright-core is loaded with the first launch, not with this file: it costs a process about 69 MB
    // of RSS (28 MB of heap), which the web process, which never renders, would carry for nothing.
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
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
