import type { Database } from 'better-sqlite3';
import type { OfflineCardPolicy, PaymentPolicyState } from '../../../shared/protocol/payment-payloads.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { hubEvent } from '../inventory/hub-events.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import { currentPolicy, outstandingExposure } from './payment-reads.js';

/**
 * The manager replaces the whole policy with a hub-made `policy.update`, so the ledger says which limits applied
 * at every position and a re-check on sync uses the same ones. The audit row keeps what it replaced.
 */
export function updatePolicy(
  ledger: Ledger,
  audit: AuditTrail,
  policy: OfflineCardPolicy,
  actor: string,
): StoredRecord {
  return ledger.transaction(() => {
    const before = currentPolicy(ledger.db);
    const [record] = ledger.append([{ status: 'accepted', event: hubEvent('policy.update', policy, actor) }], ([r]) => {
      audit.record({ actor, action: 'payments.policy_update', detail: { before, after: policy, cursor: r!.cursor } });
    });
    return record!;
  });
}

/** The payments part of `GET /v1/state`: a device cut off from the hub applies this policy to these figures. */
export function paymentPolicyState(db: Database): PaymentPolicyState {
  const offlineCard = currentPolicy(db);
  return { offlineCard, outstandingExposure: outstandingExposure(db, offlineCard.currency) };
}
