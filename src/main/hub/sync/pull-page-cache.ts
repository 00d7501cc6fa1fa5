import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * A full page as devices are served it: its UTF-8 bytes, and its gzip form made on the first request that accepts
 * it (on the thread pool, once for all devices; later requests wait for the same compression).
 */
export interface SharedPage {
  readonly bytes: Buffer;
  gzipped(): Promise<Buffer>;
}

interface Entry extends SharedPage {
  gzipBytes: number;
}

/**
 * Full pull pages, shared between devices (issue 11). A page that is followed by more records can never change —
 * the ledger only grows at its end — so fifty tills catching up on the same history read and join each page once.
 * Only the tail page (which the next record changes) is never kept. Pages are held as the bytes that go on the
 * wire: writing a half-megabyte JS string to a TLS socket re-encodes it on every send, and that was most of the
 * hub's time serving a catch-up. Bounded by the bytes held, gzip forms included; the least recently served page
 * goes first.
 */
export class PullPageCache {
  private readonly pages = new Map<string, Entry>();
  private held = 0;

  /**
   * Fifty tills started together stayed within a few pages of each other in the bench (no page was read twice), so
   * the default of about 30 pages of 1000 records leaves them room to drift.
   */
  constructor(private readonly maxBytes = 16 * 1024 * 1024) {}

  get(after: number, limit: number): SharedPage | undefined {
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
  keep(after: number, limit: number, bytes: Buffer): SharedPage {
    const key = `${after}:${limit}`;
    const kept = this.pages.get(key);
    if (kept !== undefined) return kept;
    const page = this.entry(key, bytes);
    if (bytes.length > this.maxBytes) return page;
    this.pages.set(key, page);
    this.grow(bytes.length);
    return page;
  }

  /** Bytes held now. */
  get size(): number {
    return this.held;
  }

  private entry(key: string, bytes: Buffer): Entry {
    let gzipped: Promise<Buffer> | undefined;
    const page: Entry = {
      bytes,
      gzipBytes: 0,
      gzipped: () =>
        (gzipped ??= gzipAsync(bytes).then(
          (compressed) => {
            // Counted only while the page is still held: one evicted meanwhile gave back its bytes already.
            if (this.pages.get(key) === page) {
              page.gzipBytes = compressed.length;
              this.grow(compressed.length);
            }
            return compressed;
          },
          (error: unknown) => {
            gzipped = undefined;
            throw error;
          },
        )),
    };
    return page;
  }

  private grow(bytes: number): void {
    this.held += bytes;
    for (const [oldest, page] of this.pages) {
      if (this.held <= this.maxBytes) break;
      this.pages.delete(oldest);
      this.held -= page.bytes.length + page.gzipBytes;
    }
  }
}
