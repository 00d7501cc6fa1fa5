import Value from 'typebox/value';
import type { PulledEvent, StateReply } from '../../shared/protocol/device-api.js';
import { PaymentPolicyState } from '../../shared/protocol/payment-payloads.js';

/** The payment part of a state snapshot, or undefined from a hub that does not send one (yet). */
export function policyStateOf(state: StateReply): PaymentPolicyState | undefined {
  return Value.Check(PaymentPolicyState, state.policy) ? state.policy : undefined;
}

const PAYMENT_FIGURE_TYPES = new Set(['policy.update', 'payment.offline_card', 'payment.forwarded']);

/**
 * Whether a ledger record may have changed the policy or the outstanding exposure. Pulled records say what changed
 * but not the resulting exposure (a forwarded payment names no amount), so the device asks for a fresh snapshot.
 */
export function touchesPaymentFigures(record: PulledEvent): boolean {
  return PAYMENT_FIGURE_TYPES.has(String(record.event.type)) || record.outcome?.paymentState !== undefined;
}
