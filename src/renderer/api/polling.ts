/**
 * Devices and alerts follow the admin stream (heartbeat and alert notices). The overview still polls: while the
 * stream is down it is how the connectivity banner learns whether the hub itself answers. The upstream overview polls
 * at the monitor's probe interval: its throughput ("done in the last hour") falls as time passes with no notice. The
 * dashboard chart's history polls too: its points are a minute apart, and following every cursor notice under load
 * would fetch it several times a second.
 */
export const POLL_MS = { overview: 10_000, upstream: 30_000, activity: 15_000 } as const;
