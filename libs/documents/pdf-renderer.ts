/** Whether documents can be rendered here, and what with (or why not). */
export interface RendererStatus {
  available: boolean;
  detail: string;
}

/** Port: turns a complete HTML document (with its print CSS) into an A4 PDF. Throws on a failure worth retrying. */
export abstract class PdfRenderer {
  abstract render(html: string): Promise<Buffer>;
  /** Tries the renderer once (a worker does at start): it works, or the reason it cannot. */
  abstract probe(): Promise<RendererStatus>;
  /** How many documents it renders at once (the pdf worker's concurrency follows it). */
  get capacity(): number {
    return 1;
  }
}

/** The renderer can never work here (no browser installed): retrying will not help. */
export class PdfRendererUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'PdfRendererUnavailable';
  }
}
