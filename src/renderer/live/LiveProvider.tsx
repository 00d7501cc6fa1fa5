import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { queryKeys } from '../api/keys.js';
import { AdminStream, streamUrl, type StreamState } from './admin-stream.js';
import { keysFor } from './notice-routing.js';

/** Notices can arrive thousands a second under load; stale data is refetched at most this often. */
const INVALIDATE_EVERY_MS = 300;

const StreamContext = createContext<StreamState>('connecting');

export const useStreamState = () => useContext(StreamContext);

/** For a logged-in user: the admin stream, invalidating what its notices change. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    const stale = new Map<string, QueryKey>();
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      flushTimer = undefined;
      for (const queryKey of stale.values()) void queryClient.invalidateQueries({ queryKey });
      stale.clear();
    };
    const stream = new AdminStream(streamUrl(window.location), {
      onNotice: (notice) => {
        for (const key of keysFor(notice)) stale.set(JSON.stringify(key), key);
        flushTimer ??= setTimeout(flush, INVALIDATE_EVERY_MS);
      },
      onState: (next, reconnected) => {
        setState(next);
        // Is it the socket or the hub? The overview answers that for the connectivity banner at once. Each failed
        // reconnect lands here again; an overview request already under way (or retrying) is left to finish, since
        // restarting it would reset its failure and keep the banner from ever saying "Offline".
        if (next === 'closed') {
          void queryClient.invalidateQueries({ queryKey: queryKeys.overview }, { cancelRefetch: false });
        }
        // Notices sent while the socket was down are lost: refresh everything the screens show.
        if (reconnected) {
          void queryClient.invalidateQueries({ predicate: (query) => query.queryKey[1] !== 'setup' });
        }
      },
    });
    stream.start();
    return () => {
      stream.stop();
      clearTimeout(flushTimer);
    };
  }, [queryClient]);

  return <StreamContext.Provider value={state}>{children}</StreamContext.Provider>;
}
