import type { Probe } from './connectivity-monitor.js';

export interface HttpProbeOptions {
  url: string;
  /** HEAD by default: the cheapest request every server answers. */
  method?: 'HEAD' | 'GET' | undefined;
}

/**
 * An HTTP(S) probe. Any answer below 500 counts as reachable, 4xx included: an API root answering 401 or 404 without
 * credentials proves the network path and the service are up, which is all a probe asks. A 5xx is a failure: the
 * host answers but the service behind it does not work. Redirects are not followed; they are answers too.
 */
export function httpProbe(options: HttpProbeOptions): Probe {
  return async (signal) => {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: options.method ?? 'HEAD',
        redirect: 'manual',
        headers: { 'cache-control': 'no-cache' },
        signal,
      });
    } catch (error) {
      throw new Error(`${options.url}: ${reasonOf(error)}`, { cause: error });
    }
    await response.body?.cancel();
    if (response.status >= 500) throw new Error(`${options.url} answered ${response.status}`);
  };
}

/** fetch reports every socket failure as "fetch failed"; the code underneath (ECONNREFUSED…) is what a manager needs. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
