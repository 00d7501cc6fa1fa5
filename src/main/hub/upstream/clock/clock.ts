/**
 * Time as the upstream machinery sees it. Workers and the connectivity monitor wait in minutes and hours (backoff,
 * Retry-After, 30 s probes); taking the clock and the timers as one injectable port lets tests and the simulator
 * replay a 48-hour outage in milliseconds without touching the global timers other code relies on.
 */
export interface Clock {
  now(): Date;
  /** Runs `run` once after `ms`; returns the function that cancels it. */
  schedule(ms: number, run: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  schedule(ms, run) {
    const timer = setTimeout(run, Math.max(0, ms));
    // A pending retry or probe must never be what keeps a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
