/**
 * Most data follows the admin stream (a new cursor or a device notice invalidates it). Some has no notice yet —
 * heartbeats (queue size, clock skew) and alert evaluations — so those queries also poll.
 */
export const POLL_MS = { overview: 10_000, devices: 10_000, alerts: 10_000 } as const;
