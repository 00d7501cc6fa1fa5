/**
 * Devices and alerts follow the admin stream (heartbeat and alert notices). The overview still polls: while the
 * stream is down it is how the connectivity banner learns whether the hub itself answers. The upstream overview polls
 * at the monitor's probe interval: its throughput ("done in the last hour") falls as time passes with no notice.
 */
export const POLL_MS = { overview: 10_000, upstream: 30_000 } as const;
