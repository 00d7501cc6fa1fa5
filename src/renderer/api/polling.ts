/**
 * Devices and alerts follow the admin stream (heartbeat and alert notices). The overview still polls: while the
 * stream is down it is how the connectivity banner learns whether the hub itself answers.
 */
export const POLL_MS = { overview: 10_000 } as const;
