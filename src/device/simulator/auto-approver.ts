import { AdminApiError } from './admin-client.js';
import type { ApprovalSummary, StoreManager } from './store-manager.js';

/**
 * A manager who watches the approvals screen and approves what the simulated tills ask for (`--auto-approve`).
 * Approvals of other devices are left to the people at the real screen.
 */
export class AutoApprover {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly manager: StoreManager,
    private readonly ours: (deviceId: string) => boolean,
    private readonly intervalMs: number,
    private readonly onApproved: (approval: ApprovalSummary) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.watch();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async watch(): Promise<void> {
    while (this.running) {
      try {
        for (const approval of await this.manager.pendingApprovals()) {
          if (this.ours(approval.deviceId)) await this.approve(approval);
        }
      } catch (error) {
        this.onError(error as Error);
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, this.intervalMs);
      });
    }
  }

  private async approve(approval: ApprovalSummary): Promise<void> {
    try {
      await this.manager.decide(approval.approvalId, 'approve');
      this.onApproved(approval);
    } catch (error) {
      // Someone at the screen was quicker: their decision stands.
      if (!(error instanceof AdminApiError && error.code === 'APPROVAL_ALREADY_DECIDED')) throw error;
    }
  }
}
