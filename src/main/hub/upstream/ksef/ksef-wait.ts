/**
 * Waits of the KSeF client (authentication polling) on the injected Clock, so a ManualClock test drives them, and
 * ended by the caller's AbortSignal.
 */
import type { Clock } from '../clock/clock.js';
import { classifyFailure, UpstreamError } from '../workers/upstream-error.js';

/** The UpstreamError for an aborted signal: its reason as classifyFailure sees it, `timeout` when it says nothing. */
export function abortedError(signal: AbortSignal, what: string): UpstreamError {
  const reason: unknown = signal.reason;
  const failure = classifyFailure(reason ?? new DOMException('aborted', 'AbortError'));
  const kind = failure.kind === 'unexpected' ? 'timeout' : failure.kind;
  return new UpstreamError(kind, `${what} was aborted: ${failure.message}`, { cause: reason });
}

/** Resolves after `ms` of the clock's time; rejects at once with an UpstreamError when `signal` aborts. */
export function wait(clock: Clock, ms: number, signal: AbortSignal, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(abortedError(signal, what));
      return;
    }
    const onAbort = () => {
      cancel();
      reject(abortedError(signal, what));
    };
    const cancel = clock.schedule(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
