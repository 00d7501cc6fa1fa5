import { isStatusByte } from '../escpos/real-time-status.js';
import { LinkBrokenError } from './printer-link.js';

interface Waiter {
  resolve(byte: number | undefined): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Matches status answers to the one query in flight. Bytes nobody asked for (automatic status back, a late answer
 * to a query that timed out) are dropped, so they cannot be taken as the answer to the next question.
 */
export class StatusReplies {
  private waiter: Waiter | undefined;

  received(chunk: Buffer): void {
    const waiter = this.waiter;
    if (!waiter) return;
    const byte = chunk.find(isStatusByte);
    if (byte === undefined) return;
    this.settle()?.resolve(byte);
  }

  /** Sends through `send` and waits; one query at a time, as the printer answers in order. */
  async ask(send: () => Promise<void>, timeoutMs: number): Promise<number | undefined> {
    if (this.waiter) throw new Error('a status query is already waiting for its answer');
    const answer = new Promise<number | undefined>((resolve, reject) => {
      const timer = setTimeout(() => this.settle()?.resolve(undefined), timeoutMs);
      this.waiter = { resolve, reject, timer };
    });
    try {
      await send();
    } catch (error) {
      this.settle();
      throw error;
    }
    return answer;
  }

  /** The link went away: a waiting query fails rather than timing out as "no answer". */
  broke(reason: string): void {
    this.settle()?.reject(new LinkBrokenError(reason));
  }

  private settle(): Waiter | undefined {
    const waiter = this.waiter;
    if (waiter) clearTimeout(waiter.timer);
    this.waiter = undefined;
    return waiter;
  }
}
