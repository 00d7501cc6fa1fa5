import { refusedSettlement, settled, unexpectedChoice, type ConflictHandler } from '../decisions/settlement.js';
import { businessDate } from '../../../shared/store-calendar.js';
import { storeTimeZone } from '../sales/store-time-zone.js';
import type { OfflineCardPaymentPayload } from '../../../shared/protocol/payment-payloads.js';
import { captureOf } from './card-capture.js';
import type { OfflineLimitConflict } from './decide-offline-card.js';
import { currentPolicy, findOfflinePayment, recordedFigures } from './payment-reads.js';

/**
 * A card payment a till took beyond the offline policy while cut off from the hub (DESIGN §5). The money is taken;
 * `accept_risk` authorizes the held payment, so from then on it counts towards the limits and the exposure, and it is
 * captured like any other authorised one.
 */
export const offlineLimitExceeded: ConflictHandler = {
  settle(db, conflict, choice) {
    if (choice.action !== 'accept_risk') return unexpectedChoice(conflict, choice);
    const { paymentId } = conflict.requested as OfflineLimitConflict['requested'];
    const payment = findOfflinePayment(db, paymentId);
    if (payment?.state !== 'held') {
      return refusedSettlement('PAYMENT_NOT_HELD', `payment ${paymentId} is ${payment?.state ?? 'not recorded'}`);
    }
    const held = conflict.heldEvent.payload as unknown as OfflineCardPaymentPayload;
    return settled({ paymentState: { paymentId, state: 'authorized' }, upstream: [captureOf(held)] });
  },
  serverNow(db, conflict) {
    const { paymentId, locationId } = conflict.requested as OfflineLimitConflict['requested'];
    const { takenAt } = conflict.heldEvent.payload as { takenAt: string };
    const policy = currentPolicy(db);
    const day = businessDate(takenAt, storeTimeZone(db));
    return {
      figures: recordedFigures(db, policy.currency, locationId, day),
      policy,
      paymentState: findOfflinePayment(db, paymentId)?.state ?? null,
    };
  },
};
