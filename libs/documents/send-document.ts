import type { Response } from 'express';

/** A PDF to download: its ASCII file name, and what it is in its language (the name people see). */
export interface DocumentFile {
  filename: string;
  title: string | null;
  content: Buffer;
}

/**
 * Content-Disposition of a download: `filename` in ASCII for clients that read nothing else, and the
 * document's title as `filename*` (RFC 6266 / RFC 5987, UTF-8), e.g. «Расшифровка начислений 2026-10
 * vk2666.pdf», which browsers prefer. Characters no file system takes are replaced.
 */
export function contentDisposition(filename: string, title: string | null): string {
  const ascii = `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`;
  if (!title) return ascii;
  const name = `${title.replace(/[\\/:*?"<>|]/g, '-').replace(/\s+/g, ' ').trim()}.pdf`;
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${ascii}; filename*=UTF-8''${encoded}`;
}

/** Answers with the PDF as a file to download. */
export function sendDocument(res: Response, file: DocumentFile): void {
  res.status(200);
  res.setHeader('Content-Type', 'application/pdf');
  res.setHeader('Content-Disposition', contentDisposition(file.filename, file.title));
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Content-Length', String(file.content.length));
  res.end(file.content);
}
