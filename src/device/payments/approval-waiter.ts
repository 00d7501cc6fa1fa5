import type { ApprovalStreamMessage } from '../../shared/protocol/payment-payloads.js';
import type { Clock } from '../core/ports.js';

/** Decisions kept for a till that starts waiting only after the manager was quicker than its own bookkeeping. */
const REMEMBERED_DECISIONS = 100;

/**
 * Hands a manager's decision, pushed on the live stream, to whoever waits for that approval. A decision that
 * arrives while nobody waits is kept (the newest few), so waiting after it came still resolves at once.
 */
export class ApprovalWaiter {
  private readonly decided = new Map<string, ApprovalStreamMessage>();
  private readonly waiting = new Map<string, Set<(decision: ApprovalStreamMessage) => void>>();

  constructor(private readonly clock: Clock) {}

  deliver(decision: ApprovalStreamMessage): void {
    this.decided.delete(decision.approvalId);
    this.decided.set(decision.approvalId, decision);
    if (this.decided.size > REMEMBERED_DECISIONS) this.decided.delete(this.decided.keys().next().value!);
    const waiters = this.waiting.get(decision.approvalId);
    this.waiting.delete(decision.approvalId);
    for (const resolve of waiters ?? []) resolve(decision);
  }

  /** The decision, or undefined when none came within `timeoutMs`. */
  wait(approvalId: string, timeoutMs: number): Promise<ApprovalStreamMessage | undefined> {
    const known = this.decided.get(approvalId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve) => {
      const waiters = this.waiting.get(approvalId) ?? new Set();
      this.waiting.set(approvalId, waiters);
      const cancelTimeout = this.clock.schedule(() => {
        waiters.delete(onDecision);
        if (waiters.size === 0 && this.waiting.get(approvalId) === waiters) this.waiting.delete(approvalId);
        resolve(undefined);
      }, timeoutMs);
      const onDecision = (decision: ApprovalStreamMessage) => {
        cancelTimeout();
        resolve(decision);
      };
      waiters.add(onDecision);
    });
  }
}
