import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { fetchDevices } from '../api/devices.js';
import { queryKeys } from '../api/keys.js';
import { fetchOverview } from '../api/overview.js';
import { AdminStream, streamUrl, type StreamState } from './admin-stream.js';
import { keysFor } from './notice-routing.js';
import { SAMPLE_EVERY_MS, appendSample, sampleOf, type Sample } from './samples.js';

/** Notices can arrive thousands a second under load; stale data is refetched at most this often. */
const INVALIDATE_EVERY_MS = 300;

const StreamContext = createContext<StreamState>('connecting');
const SamplesContext = createContext<readonly Sample[]>([]);

export const useStreamState = () => useContext(StreamContext);
export const useSamples = () => useContext(SamplesContext);

/** For a logged-in user: the admin stream (invalidating what its notices change) and the chart's samples. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const [samples, setSamples] = useState<readonly Sample[]>([]);

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
        // Is it the socket or the hub? The overview answers that for the connectivity banner at once.
        if (next === 'closed') void queryClient.invalidateQueries({ queryKey: queryKeys.overview });
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

  useEffect(() => {
    const take = async () => {
      const fresh = { staleTime: SAMPLE_EVERY_MS - 1_000 };
      try {
        const [overview, devices] = await Promise.all([
          queryClient.fetchQuery({ queryKey: queryKeys.overview, queryFn: fetchOverview, ...fresh }),
          queryClient.fetchQuery({ queryKey: queryKeys.devices, queryFn: fetchDevices, ...fresh }),
        ]);
        setSamples((previous) => appendSample(previous, sampleOf(Date.now(), overview, devices)));
      } catch {
        // No point for this moment: the failed query is in the cache and the connectivity banner reports it.
      }
    };
    void take();
    const timer = setInterval(() => void take(), SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
  }, [queryClient]);

  return (
    <StreamContext.Provider value={state}>
      <SamplesContext.Provider value={samples}>{children}</SamplesContext.Provider>
    </StreamContext.Provider>
  );
}
