import type { Statement } from 'better-sqlite3';
import type { UpstreamEffect } from '../decisions/upstream-effects.js';
import type { StoredRecord } from '../ledger/event-log.js';
import type { Ledger } from '../ledger/ledger.js';
import type { OutboxStore } from '../upstream/outbox/outbox-store.js';
import { STRIPE_CONNECTOR } from '../upstream/stripe/stripe-jobs.js';
import { stripeJobOf } from './card-jobs.js';

/** Who a capture withdrawn by a void is cancelled by, as the Upstream screen shows it. */
export const VOIDED_BY = 'system: the sale was voided';

/**
 * Enqueues what each appended record owes upstream (`outcome.upstream`) inside the transaction that appends it:
 * `Ledger.onRecord` listeners run there, so every path that records a fact (device pushes, a manager's conflict
 * resolution, anything added later) forwards it, and a crash keeps the fact and its jobs together or neither.
 * Returns the function that stops listening.
 */
export function enqueueEffectsOnRecord(ledger: Ledger, outbox: OutboxStore): () => void {
  const queuedCapture: Statement<[string], { id: string }> = ledger.db.prepare(
    `SELECT id FROM upstream_jobs
     WHERE connector = '${STRIPE_CONNECTOR}' AND kind = 'capture' AND state IN ('queued', 'dead')
       AND json_extract(payload, '$.paymentId') = ?`,
  );
  return ledger.onRecord((record) => enqueueEffects(outbox, queuedCapture, record));
}

function enqueueEffects(
  outbox: OutboxStore,
  queuedCapture: Statement<[string], { id: string }>,
  record: StoredRecord,
): void {
  if (record.status !== 'accepted') return;
  const effects = record.outcome?.upstream as UpstreamEffect[] | undefined;
  if (!effects) return;
  const source = { cursor: record.cursor, eventId: record.event.id };
  for (const effect of effects) {
    // A hold about to be released must not be captured first: a capture still waiting is withdrawn.
    if (effect.kind === 'card.cancel') {
      for (const { id } of queuedCapture.all(effect.paymentId)) outbox.cancel(id, VOIDED_BY);
    }
    outbox.enqueue({ ...stripeJobOf(effect), source });
  }
}
