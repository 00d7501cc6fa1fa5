import type { HostileAck } from './hostile-answers.js';

/** What the fake does to the next request(s) instead of answering normally; see README "NAXML". */
export type NaxmlFault =
  /** Reads the request and never answers; nothing applied. */
  | { kind: 'timeout' }
  /** Answers this status (e.g. 500, 503) with a plain-text body and the Retry-After given; nothing applied. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Answers a FatalError acknowledgement with this message (at `status`, default the fake's fatalStatus). */
  | { kind: 'fatal'; message: string; status?: number }
  /** Applies the document and answers NonFatalError with this warning. */
  | { kind: 'nonFatal'; message: string }
  /** Applies the document, then destroys the socket without answering. */
  | { kind: 'dropAfterApply' }
  /** Applies the document, then answers 200 with a hostile or broken body. */
  | { kind: 'hostileAck'; ack: HostileAck };

interface Queued {
  fault: NaxmlFault;
  remaining: number;
}

/** Faults in the order they were asked for, each for its next `times` requests. */
export class FaultQueue {
  private readonly queued: Queued[] = [];

  add(fault: NaxmlFault, times: number): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`times must be a positive integer (got ${times})`);
    this.queued.push({ fault, remaining: times });
  }

  take(): NaxmlFault | undefined {
    const first = this.queued[0];
    if (!first) return undefined;
    first.remaining -= 1;
    if (first.remaining === 0) this.queued.shift();
    return first.fault;
  }

  pending(): number {
    return this.queued.reduce((sum, entry) => sum + entry.remaining, 0);
  }
}
