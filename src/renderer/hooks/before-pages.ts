import { useState } from 'react';

/**
 * Paging over a newest-first list the hub pages with `before=<id or seq>` only: the positions the reader went through
 * are kept, so "Newer" steps back one page and "Newest" starts again. A position is that list; its last entry is
 * `before`.
 */
export type BeforePosition<P extends string | number = string> = readonly P[];

export function beforePages<P extends string | number>(position: BeforePosition<P>, nextBefore: P | null | undefined) {
  return {
    before: position[position.length - 1],
    newer: position.length > 0 ? position.slice(0, -1) : null,
    older: nextBefore !== null && nextBefore !== undefined && nextBefore !== '' ? [...position, nextBefore] : null,
    atNewest: position.length === 0,
  };
}

/** The page position, held while the component lives (give it a `key` of the filters to start again on a change). */
export function useBeforePosition<P extends string | number = string>() {
  const [position, setPosition] = useState<BeforePosition<P>>([]);
  return {
    position,
    before: position[position.length - 1],
    go: (target: BeforePosition<P> | null) => setPosition(target ?? []),
  };
}
