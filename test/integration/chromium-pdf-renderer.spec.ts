import { loadConfig } from '@app/config';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateChromium } from '../../libs/documents/chromium-executable';
import { ChromiumPdfRenderer } from '../../libs/documents/chromium-pdf-renderer';
import { PdfRendererUnavailable } from '../../libs/documents/pdf-renderer';
import { pdfText } from '../helpers/pdf-text';

const HTML = `<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><style>@page { size: A4; margin: 15mm; } td { border: 1px solid #000; }</style></head>
<body><h1>Расшифровка по получателям</h1><table><tr><td>00009177</td><td>197.02</td><td>Итого</td></tr></table>
<img src="http://127.0.0.1:9/tracker.png" alt=""></body></html>`;

describe('ChromiumPdfRenderer against the system Chromium', () => {
  const renderer = new ChromiumPdfRenderer(loadConfig({ NODE_ENV: 'test', CHROMIUM_PATH: process.env.CHROMIUM_PATH }).chromiumPath, { timeoutMs: 15_000 });

  afterAll(() => renderer.close());

  it('renders an A4 PDF with the text of the HTML (Cyrillic included)', async () => {
    const pdf = await renderer.render(HTML);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('Расшифровка по получателям');
    expect(text).toMatch(/00009177\s+197\.02\s+Итого/);
    // A4 is 595 × 842 points.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 594\.\d+ 841\.\d+\]|\/MediaBox \[0 0 595 842\]/);
  });

  it('uses one browser for many documents, and launches it again after a crash', async () => {
    const [first, second] = await Promise.all([renderer.render(HTML), renderer.render(HTML.replace('Итого', 'Второй'))]);
    expect(pdfText(first)).toContain('Итого');
    expect(pdfText(second)).toContain('Второй');
    const browser = await (renderer as unknown as { browser: Promise<import('playwright-core').Browser> }).browser;
    await browser.close(); // as if Chromium had died
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(pdfText(await renderer.render(HTML))).toContain('Расшифровка по получателям');
  });

  it('reuses warm pages, each document replacing the whole content, with JavaScript and the network off', async () => {
    const pool = new ChromiumPdfRenderer(loadConfig({ NODE_ENV: 'test', CHROMIUM_PATH: process.env.CHROMIUM_PATH }).chromiumPath, { timeoutMs: 15_000, pages: 2, documentsPerPage: 3 });
    const slots = pool as unknown as { idle: Array<{ page: import('playwright-core').Page; documents: number }> };
    try {
      const requests: string[] = [];
      expect(pdfText(await pool.render(HTML.replace('Итого', 'Первый')))).toContain('Первый');
      const page = slots.idle[0].page;
      page.on('request', (request) => requests.push(request.url()));
      const scripted = HTML.replace('Итого', 'Второй').replace('</body>', '<script>document.body.innerHTML = "script ran";</script></body>');
      const second = pdfText(await pool.render(scripted));
      expect(slots.idle).toHaveLength(1);
      expect(slots.idle[0].page).toBe(page); // the same warm page
      expect(second).toContain('Второй');
      expect(second).not.toContain('Первый'); // nothing of the previous document
      expect(second).not.toContain('script ran'); // JavaScript off
      expect(requests.filter((url) => url.startsWith('http'))).toEqual(['http://127.0.0.1:9/tracker.png']); // asked for, and aborted
      // Two at once use two pages; the one that made its three documents is closed and replaced.
      await Promise.all([pool.render(HTML), pool.render(HTML)]);
      expect(slots.idle).toHaveLength(1);
      expect(page.isClosed()).toBe(true);
      expect(slots.idle[0].documents).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('replaces a page that crashed or timed out, and the next document renders', async () => {
    const pool = new ChromiumPdfRenderer(loadConfig({ NODE_ENV: 'test', CHROMIUM_PATH: process.env.CHROMIUM_PATH }).chromiumPath, { timeoutMs: 15_000, pages: 1 });
    const slots = pool as unknown as { idle: Array<{ page: import('playwright-core').Page }> };
    try {
      await pool.render(HTML);
      const crashed = slots.idle[0].page;
      await crashed.close(); // as if its renderer had died
      expect(pdfText(await pool.render(HTML))).toContain('Расшифровка по получателям');
      expect(slots.idle[0].page).not.toBe(crashed);
    } finally {
      await pool.close();
    }
  });

  it('lets only `pages` documents render at once, the others waiting for a page', async () => {
    const pool = new ChromiumPdfRenderer(loadConfig({ NODE_ENV: 'test', CHROMIUM_PATH: process.env.CHROMIUM_PATH }).chromiumPath, { timeoutMs: 15_000, pages: 2 });
    const state = pool as unknown as { turns: { taken: number } };
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, state.turns.taken)), 1);
    try {
      const texts = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.render(HTML.replace('Итого', `Документ ${i}`)).then(pdfText)));
      texts.forEach((text, i) => expect(text).toContain(`Документ ${i}`));
      expect(most).toBe(2);
      expect(pool.capacity).toBe(2);
    } finally {
      clearInterval(watch);
      await pool.close();
    }
  });

  it('says at once that it can never work without a browser', async () => {
    await expect(new ChromiumPdfRenderer(null, { candidates: [] }).render(HTML)).rejects.toBeInstanceOf(PdfRendererUnavailable);
  });
});

describe('ChromiumPdfRenderer without a browser at first', () => {
  it('looks for the browser again on each launch, so one installed after the start is used without a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vk-chromium-'));
    const installed = join(dir, 'chromium');
    const renderer = new ChromiumPdfRenderer(null, { candidates: [installed], timeoutMs: 15_000 });
    try {
      const before = await renderer.probe();
      expect(before.available).toBe(false);
      expect(before.detail).toContain('CHROMIUM_PATH');
      await expect(renderer.render(HTML)).rejects.toBeInstanceOf(PdfRendererUnavailable);

      symlinkSync(locateChromium(process.env.CHROMIUM_PATH ?? null)!, installed); // "apt-get install chromium"
      expect(pdfText(await renderer.render(HTML))).toContain('Расшифровка по получателям');
      expect(await renderer.probe()).toEqual({ available: true, detail: expect.stringMatching(/^Chromium \d+/) });
    } finally {
      await renderer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
