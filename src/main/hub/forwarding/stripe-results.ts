import type { ProcessorResult } from '../payments/processor-results.js';
import type { UpstreamJob } from '../upstream/outbox/upstream-job.js';
import type { RefundJob, StripeJobResult, StripeJobPayload } from '../upstream/stripe/stripe-jobs.js';

/**
 * The ledger fact a finished Stripe job stands for. Money is in the payment's own currency as the store recorded it
 * (Stripe answers in lower case). A void that found the money already captured ends `refunded` (cancel.ts): the
 * refund is then named after the void's own event.
 */
export function processorResultOf(job: UpstreamJob, result: StripeJobResult, currency: string): ProcessorResult {
  const payload = job.payload as StripeJobPayload;
  const { paymentId } = payload;
  const jobId = job.id;
  switch (result.outcome) {
    case 'captured': {
      const amount = { amount: result.amountCaptured, currency };
      return {
        type: 'payment.captured',
        payload: { paymentId, jobId, paymentIntentId: result.paymentIntentId, amount },
      };
    }
    case 'declined': {
      const { paymentIntentId, declineCode, message } = result;
      return { type: 'payment.declined', payload: { paymentId, jobId, paymentIntentId, declineCode, message } };
    }
    case 'cancelled':
      return { type: 'payment.cancelled', payload: { paymentId, jobId, paymentIntentId: result.paymentIntentId } };
    case 'refunded': {
      const refundId = (payload as Partial<RefundJob>).refundId ?? `void:${job.source?.eventId ?? job.id}`;
      const { paymentIntentId, stripeRefundId, amountRefunded } = result;
      return {
        type: 'payment.refunded',
        payload: {
          paymentId,
          jobId,
          refundId,
          paymentIntentId,
          stripeRefundId,
          amount: { amount: amountRefunded, currency },
        },
      };
    }
    case 'expired': {
      const { paymentIntentId, message } = result;
      return { type: 'payment.expired', payload: { paymentId, jobId, paymentIntentId, message } };
    }
  }
}
