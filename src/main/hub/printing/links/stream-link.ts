import type { PrinterLink } from './printer-link.js';
import { StatusReplies } from './status-replies.js';

/**
 * What a two-way byte stream (serial line, socket) needs to be a PrinterLink: status answers matched to queries, and
 * one place that marks the link broken and fails the query waiting on it.
 */
export class StreamLink implements PrinterLink {
  private readonly replies = new StatusReplies();
  private isBroken = false;

  constructor(
    private readonly send: (bytes: Buffer) => Promise<void>,
    private readonly shut: () => Promise<void>,
  ) {}

  get broken(): boolean {
    return this.isBroken;
  }

  received(chunk: Buffer): void {
    this.replies.received(chunk);
  }

  break(reason: string): void {
    this.isBroken = true;
    this.replies.broke(reason);
  }

  write(bytes: Buffer): Promise<void> {
    return this.send(bytes);
  }

  query(bytes: Buffer, timeoutMs: number, answers = 1): Promise<number[]> {
    return this.replies.ask(() => this.send(bytes), timeoutMs, answers);
  }

  close(): Promise<void> {
    return this.shut();
  }
}
