/** Port: turns a complete HTML document (with its print CSS) into an A4 PDF. Throws on a failure worth retrying. */
export abstract class PdfRenderer {
  abstract render(html: string): Promise<Buffer>;
}

/** The renderer can never work here (no browser installed): retrying will not help. */
export class PdfRendererUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PdfRendererUnavailable';
  }
}
