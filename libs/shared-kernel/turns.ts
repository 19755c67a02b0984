/**
 * At most `size` holders at once; the others wait, first come first served. A place given back goes
 * straight to the first in line, still counted as taken, so that none arriving meanwhile takes it
 * before them (nor one more than `size` runs). Used where each holder costs a core or a Chromium page:
 * password checks, PDF renderings.
 */
export class Turns {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly size: number) {}

  /** Places held now (a place being handed over counts as held). */
  get taken(): number {
    return this.holders;
  }

  /** Resolves when a place is this caller's; give() it back exactly once. */
  async take(): Promise<void> {
    if (this.holders < this.size) this.holders += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.holders -= 1;
  }

  /** `work` in a place of its own, given back however it ends. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.take();
    try {
      return await work();
    } finally {
      this.give();
    }
  }
}
