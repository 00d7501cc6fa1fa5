import { uuidv7 } from '../../uuid-v7.js';
import type { JobSource } from './upstream-job.js';

/**
 * The key a job sends on every attempt. A job caused by a ledger fact gets a key derived from that fact, not a random
 * one: whatever path makes the job again for the same fact (a device replaying its outbox, a job re-derived from the
 * ledger, a database restored from a backup taken before the job finished) makes the same key, so the UNIQUE column
 * turns the second enqueue into a no-op here and the upstream's own idempotency turns a second send into a replay.
 * A random key would make each of those a second capture. `part` tells apart two jobs of one kind from one fact
 * (a sale paid with two cards). A job a manager makes by hand has no fact to derive from and gets a UUIDv7.
 */
export function idempotencyKeyFor(connector: string, kind: string, source?: JobSource, part?: string): string {
  if (!source) return `manual:${connector}:${kind}:${uuidv7()}`;
  return [source.eventId, connector, kind, ...(part === undefined ? [] : [part])].join(':');
}
