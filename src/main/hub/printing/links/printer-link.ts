/** A byte stream to one printer, opened for a stretch of work and closed when the queue is empty. */
export interface PrinterLink {
  /** Resolves once the bytes have left for the printer (drained to the line or the socket); rejects if the link broke. */
  write(bytes: Buffer): Promise<void>;
  /**
   * Sends real-time status queries (`answers` of them, back to back); resolves with the printer's one-byte answers in
   * order, fewer (or none) when they did not all come within `timeoutMs`. Rejects if the link broke.
   */
  query(bytes: Buffer, timeoutMs: number, answers?: number): Promise<number[]>;
  /** True once the other side hung up or the line failed: whatever was in flight may or may not have printed. */
  readonly broken: boolean;
  close(): Promise<void>;
}

export class LinkBrokenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LinkBrokenError';
  }
}
