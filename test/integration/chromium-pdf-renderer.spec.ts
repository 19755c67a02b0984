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
