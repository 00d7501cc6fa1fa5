/** The hub could not be reached (or not trusted): nothing was recorded, try again later. */
export class TransportError extends Error {
  readonly code: string = 'HUB_UNREACHABLE';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/** The hub presented a different TLS certificate than the pinned one; no request byte (nor the token) was sent. */
export class PinMismatchError extends TransportError {
  override readonly code = 'PIN_MISMATCH';

  constructor(
    readonly expected: string,
    readonly actual: string | undefined,
  ) {
    super(`hub TLS fingerprint ${actual ?? '(none)'} does not match the pinned ${expected}`);
    this.name = 'PinMismatchError';
  }
}

/** The hub answered with an error status (DESIGN §3: `{"error": {"code", "message"}}`). */
export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'HubError';
  }

  /** Worth retrying later: overload and hub-side faults. Everything else needs someone to act. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** The hub refused this device: it was revoked. Syncing stops for good. */
export class DeviceRevokedError extends Error {
  readonly code = 'DEVICE_REVOKED';

  constructor(reason?: string) {
    super(reason ? `device revoked: ${reason}` : 'device revoked');
    this.name = 'DeviceRevokedError';
  }
}

/**
 * The hub rejected an event (not recorded, seq unused), so no later event can be recorded until it is fixed and
 * retried. SEQUENCE_GAP here means device and hub disagree about history (a restored backup on either side).
 */
export class OutboxBlockedError extends Error {
  constructor(
    readonly eventId: string,
    readonly seq: number,
    readonly code: string,
    readonly detail: string,
  ) {
    super(
      code === 'SEQUENCE_GAP'
        ? `SEQUENCE_GAP at seq ${seq} (${detail}): device and hub disagree about this device's history — ` +
            'was either restored from a backup? Nothing after it can sync.'
        : `event ${eventId} (seq ${seq}) rejected by the hub: ${code}: ${detail}. Nothing after it can sync.`,
    );
    this.name = 'OutboxBlockedError';
  }
}

export class NotPairedError extends Error {
  constructor() {
    super('this device is not paired with a hub');
    this.name = 'NotPairedError';
  }
}
