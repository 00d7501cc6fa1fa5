/**
 * stripe-node has no per-request abort, so a perform races each request against the pool's signal. The request left
 * behind still runs to its end; that is harmless because every write carries the job's idempotency key, so the next
 * attempt replays whatever it did, and reads change nothing.
 */
export function abortable<T>(start: () => Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  const request = start();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      // The abandoned request may still fail; nobody is listening for it any more.
      request.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
