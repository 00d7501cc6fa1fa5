import { MAX_BATCH_EVENTS, type EventEnvelope } from '../../shared/protocol/envelope.js';
import { signEnvelope, type EventSigner } from '../../shared/protocol/signing.js';
import type { HubApi } from '../client/hub-api.js';
import { OutboxBlockedError } from '../core/errors.js';
import type { PushResult } from '../../shared/protocol/device-api.js';
import type { DeviceStorage, OutboxEntry } from '../core/ports.js';

export interface PushSummary {
  pushed: number;
  accepted: number;
  conflicts: number;
  refused: number;
  /** results the hub had already given (a retried batch): no new ledger rows */
  replayed: number;
}

export interface PushContext {
  api: HubApi;
  storage: DeviceStorage;
  signer: EventSigner;
  token: string;
  batchSize?: number;
  /** Told the hub's head cursor from each push reply. */
  onHubCursor?: (cursor: number) => void;
}

/**
 * Pushes the outbox in seq order, in batches, until it is empty. accepted / conflict / refused are ledger facts and
 * final. A `rejected` event was not recorded and its seq is unused, so nothing after it can be recorded either:
 * it is marked failed and pushing stops with an OutboxBlockedError. A network failure leaves every unanswered event
 * pending; pushing them again is safe because the hub answers a repeated event with its original result.
 */
export async function pushOutbox(context: PushContext): Promise<PushSummary> {
  const { api, storage, token } = context;
  const batchSize = Math.min(context.batchSize ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
  const summary: PushSummary = { pushed: 0, accepted: 0, conflicts: 0, refused: 0, replayed: 0 };
  for (;;) {
    await throwIfBlocked(storage);
    const batch = await storage.pending(batchSize);
    if (batch.length === 0) return summary;
    const events = await Promise.all(batch.map((entry) => signed(entry, context)));
    const response = await api.push(token, events);
    await storage.markResults(response.results);
    await storage.setMeta('lastSequence', response.lastSequence);
    context.onHubCursor?.(response.cursor);
    if (response.results.length === 0) throw new Error('the hub answered a push without results');
    tally(summary, response.results);
  }
}

async function throwIfBlocked(storage: DeviceStorage): Promise<void> {
  const failed = await storage.firstFailed();
  if (!failed) return;
  const error = failed.result?.error;
  throw new OutboxBlockedError(
    failed.envelope.id,
    failed.envelope.seq,
    error?.code ?? 'REJECTED',
    error?.message ?? 'no reason given',
  );
}

/** Signs an entry stored before the process could sign it; Ed25519 is deterministic, so it is the same signature. */
async function signed(entry: OutboxEntry, context: PushContext): Promise<EventEnvelope> {
  if (isSigned(entry.envelope)) return entry.envelope;
  const { sig: _sig, ...unsigned } = entry.envelope;
  const envelope = await signEnvelope(unsigned, context.signer);
  await context.storage.attachSignature(envelope.seq, envelope.sig);
  return envelope;
}

function isSigned(envelope: OutboxEntry['envelope']): envelope is EventEnvelope {
  return envelope.sig !== undefined;
}

function tally(summary: PushSummary, results: readonly PushResult[]): void {
  for (const result of results) {
    if (result.status === 'rejected') continue;
    summary.pushed++;
    if (result.replayed) summary.replayed++;
    if (result.status === 'accepted') summary.accepted++;
    else if (result.status === 'conflict') summary.conflicts++;
    else summary.refused++;
  }
}
