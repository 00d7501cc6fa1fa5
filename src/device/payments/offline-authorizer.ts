import {
  decideOfflinePayment,
  defaultOfflineCardPolicy,
  type OfflinePaymentVerdict,
} from '../../shared/payments/offline-card-policy.js';
import type {
  OfflineAuthorizationReply,
  OfflineAuthorizationRequest,
  OfflineCardPaymentPayload,
  PaymentPolicyState,
} from '../../shared/protocol/payment-payloads.js';
import { HubError, TransportError } from '../core/errors.js';
import type { DeviceStorage, OutboxEntry } from '../core/ports.js';

export interface OfflineAuthorizerPorts {
  /** `POST /v1/payments/offline-authorizations`; rejects with a TransportError when the hub is out of reach. */
  askHub(request: OfflineAuthorizationRequest): Promise<OfflineAuthorizationReply>;
  /** The `policy` part of the device's last `GET /v1/state`; undefined before the first snapshot. */
  lastPolicyState(): Promise<PaymentPolicyState | undefined>;
  /** This device's card payments the hub has not recorded yet. */
  unsyncedCardPayments(): Promise<readonly OfflineCardPaymentPayload[]>;
}

/** `hub` answered itself; `device` means the hub was out of reach and the till applied the policy it holds. */
export type OfflineAuthorization = (OfflineAuthorizationReply | OfflinePaymentVerdict) & {
  decidedBy: 'hub' | 'device';
};

/**
 * Whether the till may take a payment while the payment processor is out of reach (DESIGN §5). The hub decides when
 * it can be reached (it sees every till and can ask a manager); otherwise the till applies the same policy function
 * to what it knows. The hub re-checks every payment on sync, so a wrong local guess becomes a conflict, not a loss.
 */
export class OfflineAuthorizer {
  constructor(private readonly ports: OfflineAuthorizerPorts) {}

  async authorize(request: OfflineAuthorizationRequest): Promise<OfflineAuthorization> {
    try {
      return { ...(await this.ports.askHub(request)), decidedBy: 'hub' };
    } catch (error) {
      if (!hubOutOfReach(error)) throw error;
      return { ...(await this.decideHere(request)), decidedBy: 'device' };
    }
  }

  private async decideHere(request: OfflineAuthorizationRequest): Promise<OfflinePaymentVerdict> {
    const state = await this.ports.lastPolicyState();
    // A till that never got a snapshot is new to the store; the defaults are the cautious choice.
    const policy = state?.offlineCard ?? defaultOfflineCardPolicy();
    const unsynced = (await this.ports.unsyncedCardPayments()).filter((p) => p.amount.currency === policy.currency);
    const total = (payments: readonly OfflineCardPaymentPayload[]) =>
      payments.reduce((sum, payment) => sum + payment.amount.amount, 0);
    return decideOfflinePayment(policy, request, {
      // What other tills took meanwhile is unknown here. Every unsynced payment at the location counts towards
      // today, whatever its day: near midnight that errs on the side of declining.
      dailyTotalAtLocation: total(unsynced.filter((payment) => payment.locationId === request.locationId)),
      outstandingExposure: (state?.outstandingExposure ?? 0) + total(unsynced),
    });
  }
}

/** The hub could not answer now; anything else (a revoked device, a bad request) must reach the caller. */
function hubOutOfReach(error: unknown): boolean {
  return error instanceof TransportError || (error instanceof HubError && error.retryable);
}

const PAYMENT_EVENT = 'payment.offline_card';

/**
 * The device's card payments still in its outbox: pending ones and the rejected one that blocks the rest (both
 * unrecorded at the hub). Those the hub recorded, even as conflicts, are in its figures already.
 */
export async function outboxCardPayments(storage: DeviceStorage): Promise<OfflineCardPaymentPayload[]> {
  const failed = await storage.firstFailed();
  const entries: OutboxEntry[] = [...(failed ? [failed] : []), ...(await storage.pending(Number.MAX_SAFE_INTEGER))];
  return entries
    .filter((entry) => entry.envelope.type === PAYMENT_EVENT)
    .map((entry) => entry.envelope.payload as unknown as OfflineCardPaymentPayload);
}
