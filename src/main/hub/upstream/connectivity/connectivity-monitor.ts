import { systemClock, type Clock } from '../clock/clock.js';
import { afterProbe, initialStatus, type ReachabilityRules, type TargetStatus } from './reachability.js';

/**
 * Asks whether a target answers. Resolves when it does, throws (with a short reason) when it does not. Must honour
 * `signal`, which the monitor aborts at its timeout. A connector can supply its own (an authenticated ping).
 */
export type Probe = (signal: AbortSignal) => Promise<void>;

export interface ProbeTarget {
  /** "internet", "stripe", "conexxus", "ksef", "ksef-latarnia"…: what pools and screens refer to. */
  name: string;
  probe: Probe;
}

export interface ConnectivityMonitorOptions {
  targets: readonly ProbeTarget[];
  /** Between probes of a target that answered. Default 30 s (DESIGN §6). */
  intervalMs?: number | undefined;
  /** Between probes of a target whose last probe failed: how fast "offline" is confirmed and "back" is noticed. */
  failureIntervalMs?: number | undefined;
  /** A probe not answered within this is a failure. Default 5 s. */
  timeoutMs?: number | undefined;
  offlineAfter?: number | undefined;
  slowMs?: number | undefined;
  clock?: Clock | undefined;
}

/** Why a probe in progress was aborted by `stop`: its outcome says nothing about the target. */
const STOPPED = new Error('the connectivity monitor stopped');

/** Told of every change of a target's state (not of every probe), with the status before it. */
export type ReachabilityListener = (status: TargetStatus, previous: TargetStatus) => void;

interface Watched {
  target: ProbeTarget;
  status: TargetStatus;
  probing: Promise<TargetStatus> | undefined;
  cancelNext: (() => void) | undefined;
  abort: AbortController | undefined;
}

/**
 * Probes the internet and each upstream on its own schedule and keeps `online | degraded | offline` with since-when
 * per target (DESIGN §6): every 30 s while it answers, every few seconds after a failure, offline after 2 failures
 * in a row, degraded after 1 or when slow. Listeners hear of state changes only, so a pool is not poked every 30 s.
 */
export class ConnectivityMonitor {
  private readonly watched = new Map<string, Watched>();
  private readonly listeners = new Set<ReachabilityListener>();
  private readonly clock: Clock;
  private readonly rules: ReachabilityRules;
  private running = false;

  constructor(private readonly options: ConnectivityMonitorOptions) {
    this.clock = options.clock ?? systemClock;
    this.rules = { offlineAfter: options.offlineAfter ?? 2, slowMs: options.slowMs ?? 2_000 };
    for (const target of options.targets) {
      if (this.watched.has(target.name)) throw new Error(`probe target ${target.name} is listed twice`);
      this.watched.set(target.name, {
        target,
        status: initialStatus(target.name, this.clock.now()),
        probing: undefined,
        cancelNext: undefined,
        abort: undefined,
      });
    }
  }

  /** Probes every target at once, so a starting hub knows where it stands within one timeout, then on schedule. */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const name of this.watched.keys()) void this.probe(name);
  }

  /** Stops probing; a probe in progress is aborted and changes nothing. */
  stop(): void {
    this.running = false;
    for (const watched of this.watched.values()) {
      watched.cancelNext?.();
      watched.cancelNext = undefined;
      watched.abort?.abort(STOPPED);
    }
  }

  status(target: string): TargetStatus | undefined {
    return this.watched.get(target)?.status;
  }

  statuses(): TargetStatus[] {
    return [...this.watched.values()].map((w) => w.status);
  }

  /** Returns the function that unsubscribes. Listeners run synchronously and must not throw. */
  subscribe(listener: ReachabilityListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Probes now, without waiting for the schedule (a manager's "sync now", a "test connection" button); the schedule
   * restarts from this probe. A target already being probed is not asked twice: its probe in progress is awaited.
   */
  async probeNow(target?: string): Promise<TargetStatus[]> {
    const names = target === undefined ? [...this.watched.keys()] : [target];
    for (const name of names) if (!this.watched.has(name)) throw new Error(`no probe target ${name}`);
    return Promise.all(names.map((name) => this.probe(name)));
  }

  private probe(name: string): Promise<TargetStatus> {
    const watched = this.watched.get(name)!;
    watched.probing ??= this.runProbe(watched).finally(() => {
      watched.probing = undefined;
    });
    return watched.probing;
  }

  private async runProbe(watched: Watched): Promise<TargetStatus> {
    watched.cancelNext?.();
    watched.cancelNext = undefined;
    const controller = new AbortController();
    watched.abort = controller;
    const timeoutMs = this.options.timeoutMs ?? 5_000;
    const cancelTimeout = this.clock.schedule(timeoutMs, () =>
      controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
    );
    const started = this.clock.now().getTime();
    let error: string | undefined;
    try {
      // Raced against the abort, so a probe that ignores its signal still cannot stall this target's schedule.
      await Promise.race([watched.target.probe(controller.signal), rejectOnAbort(controller.signal)]);
    } catch (thrown) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : thrown;
      error = reason instanceof Error ? reason.message : String(reason);
    } finally {
      cancelTimeout();
      watched.abort = undefined;
    }
    if (controller.signal.reason === STOPPED) return watched.status;
    const now = this.clock.now();
    const previous = watched.status;
    watched.status = afterProbe(
      previous,
      error === undefined ? { ok: true, latencyMs: now.getTime() - started } : { ok: false, error },
      now,
      this.rules,
    );
    if (this.running) {
      const delay =
        watched.status.consecutiveFailures > 0
          ? (this.options.failureIntervalMs ?? 5_000)
          : (this.options.intervalMs ?? 30_000);
      watched.cancelNext = this.clock.schedule(delay, () => void this.probe(watched.target.name));
    }
    if (watched.status.state !== previous.state) {
      for (const listener of this.listeners) listener(watched.status, previous);
    }
    return watched.status;
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
