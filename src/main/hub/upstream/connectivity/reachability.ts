/**
 * What the monitor believes of one target. `unknown` only until its first probe answers: a hub that has not asked
 * yet must not show "online since start-up", nor pause a pool that may well be able to work.
 */
export type Reachability = 'unknown' | 'online' | 'degraded' | 'offline';

export interface TargetStatus {
  target: string;
  state: Reachability;
  /** When `state` began (UTC ISO): the screen's "offline for 2 h", the alert's "offline > 30 min". */
  since: string;
  consecutiveFailures: number;
  lastProbeAt: string | null;
  lastLatencyMs: number | null;
  lastError: string | null;
}

export type ProbeOutcome = { ok: true; latencyMs: number } | { ok: false; error: string };

export interface ReachabilityRules {
  /** Consecutive failed probes that make a target offline (DESIGN §6: 2). One failure is degraded. */
  offlineAfter: number;
  /** A probe that succeeds slower than this makes the target degraded: it works, but a user would feel it. */
  slowMs: number;
}

export function initialStatus(target: string, at: Date): TargetStatus {
  return {
    target,
    state: 'unknown',
    since: at.toISOString(),
    consecutiveFailures: 0,
    lastProbeAt: null,
    lastLatencyMs: null,
    lastError: null,
  };
}

/**
 * The status after one probe. A single success is enough to be online again, however long the target was offline:
 * the pools waiting on it should resume at once, and a flapping link costs them no more than a few retries.
 */
export function afterProbe(
  previous: TargetStatus,
  outcome: ProbeOutcome,
  at: Date,
  rules: ReachabilityRules,
): TargetStatus {
  const failures = outcome.ok ? 0 : previous.consecutiveFailures + 1;
  const state: Reachability = outcome.ok
    ? outcome.latencyMs > rules.slowMs
      ? 'degraded'
      : 'online'
    : failures >= rules.offlineAfter
      ? 'offline'
      : 'degraded';
  return {
    target: previous.target,
    state,
    since: state === previous.state ? previous.since : at.toISOString(),
    consecutiveFailures: failures,
    lastProbeAt: at.toISOString(),
    lastLatencyMs: outcome.ok ? outcome.latencyMs : null,
    lastError: outcome.ok ? null : outcome.error,
  };
}
