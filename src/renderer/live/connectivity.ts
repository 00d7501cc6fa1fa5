import { ApiError } from '../api/client.js';
import type { StreamState } from './admin-stream.js';

export type ConnectivityLevel = 'online' | 'degraded' | 'offline';

export interface Connectivity {
  level: ConnectivityLevel;
  /** One sentence on what is wrong, or what is working. */
  reason: string;
}

export interface ConnectivityInput {
  stream: StreamState;
  /** The overview query's error, once its retries are spent. */
  overviewError: unknown;
  /** Why the overview's latest attempt failed, while it still retries (TanStack's `failureReason`). */
  overviewAttemptError: unknown;
  /** The hub's own state from the last overview it sent. */
  hubState: string | undefined;
}

/** The hub cannot be reached at all, or answers only with server errors. */
function hubUnreachable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * The banner's headline: the link between this screen and the hub (and the hub's own state), never a claim about the
 * internet; the hub's connectivity monitor tells that, shown beside it.
 */
export function deriveConnectivity({
  stream,
  overviewError,
  overviewAttemptError,
  hubState,
}: ConnectivityInput): Connectivity {
  // With the live socket down as well, one failed attempt is answer enough: waiting out the retries kept the banner on
  // "Degraded" for up to 14 s after the hub stopped.
  const socketDown = stream !== 'open';
  if (hubUnreachable(overviewError) || (socketDown && hubUnreachable(overviewAttemptError))) {
    return { level: 'offline', reason: 'The hub does not answer. Tills keep selling and queue their events.' };
  }
  if (stream === 'closed') {
    return { level: 'degraded', reason: 'Live updates are interrupted; reconnecting; lists refresh once it is back.' };
  }
  if (hubState !== undefined && hubState !== 'ready') {
    return { level: 'degraded', reason: `The hub is ${hubState}.` };
  }
  return { level: 'online', reason: 'The hub is ready and this screen gets live updates.' };
}
