/**
 * Full pull pages, shared between devices (issue 11). A page that is followed by more records can never change —
 * the ledger only grows at its end — so fifty tills catching up on the same history read and join each page once.
 * Only the tail page (which the next record changes) is never kept. Bounded by the characters held; the least
 * recently served page goes first.
 */
export class PullPageCache {
  private readonly pages = new Map<string, string>();
  private held = 0;

  constructor(private readonly maxChars = 16 * 1024 * 1024) {}

  get(after: number, limit: number): string | undefined {
    const key = `${after}:${limit}`;
    const page = this.pages.get(key);
    if (page !== undefined) {
      // Map order is insertion order: moving the page to the end makes it the most recently served.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  /** Keeps a page that has records after it; a page larger than the whole budget is not kept. */
  keep(after: number, limit: number, page: string): void {
    if (page.length > this.maxChars) return;
    const key = `${after}:${limit}`;
    if (this.pages.has(key)) return;
    this.pages.set(key, page);
    this.held += page.length;
    for (const [oldest, text] of this.pages) {
      if (this.held <= this.maxChars) break;
      this.pages.delete(oldest);
      this.held -= text.length;
    }
  }
}
