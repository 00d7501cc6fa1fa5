import { isStatusByte } from '../escpos/real-time-status.js';
import { LinkBrokenError } from './printer-link.js';

interface Waiter {
  resolve(bytes: number[]): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  /** answers still owed, and those received so far */
  expected: number;
  bytes: number[];
}

/**
 * Matches status answers to the one query in flight (which may be several real-time queries sent together, answered
 * one byte each, in order). Bytes nobody asked for (automatic status back, a late answer
 * to a query that timed out) are dropped, so they cannot be taken as the answer to the next question.
 */
export class StatusReplies {
  private waiter: Waiter | undefined;

  received(chunk: Buffer): void {
    const waiter = this.waiter;
    if (!waiter) return;
    for (const byte of chunk) if (isStatusByte(byte) && waiter.bytes.length < waiter.expected) waiter.bytes.push(byte);
    if (waiter.bytes.length === waiter.expected) this.settle()?.resolve(waiter.bytes);
  }

  /**
   * Sends through `send` and waits; one query at a time, as the printer answers in order. The answer is taken as
   * soon as it comes, without waiting for `send` to report the line drained: the answer proves the query arrived,
   * and each wait is one more turn of a hub event loop that may be busy with a till's batch (issue 11, a drawer
   * kick under load). A send that fails before the answer fails the query. Resolves with the answers that came, in
   * order: `expected` of them, or fewer when the time ran out first.
   */
  ask(send: () => Promise<void>, timeoutMs: number, expected = 1): Promise<number[]> {
    if (this.waiter) return Promise.reject(new Error('a status query is already waiting for its answer'));
    const answer = new Promise<number[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const waiter = this.settle();
        waiter?.resolve(waiter.bytes);
      }, timeoutMs);
      this.waiter = { resolve, reject, timer, expected, bytes: [] };
    });
    send().catch((error: unknown) => this.settle()?.reject(error as Error));
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
