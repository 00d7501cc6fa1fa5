export type OutboxErrorCode = 'JOB_NOT_FOUND' | 'JOB_STATE' | 'IDEMPOTENCY_MISMATCH' | 'NOT_IN_TRANSACTION';

/** A refused outbox operation; `code` is what an HTTP route maps to a status. */
export class OutboxError extends Error {
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}
