import { useState } from 'react';

/**
 * Paging over a newest-first list the hub pages with `before=<id>` only: the ids the reader went through are kept, so
 * "Newer" steps back one page and "Newest" starts again. A position is that list of ids; the last one is `before`.
 */
export type BeforePosition = readonly string[];

export function beforePages(position: BeforePosition, nextBefore: string | null | undefined) {
  return {
    before: position[position.length - 1],
    newer: position.length > 0 ? position.slice(0, -1) : null,
    older: nextBefore ? [...position, nextBefore] : null,
    atNewest: position.length === 0,
  };
}

/** The page position, held while the component lives (give it a `key` of the filters to start again on a change). */
export function useBeforePosition() {
  const [position, setPosition] = useState<BeforePosition>([]);
  return { position, go: (target: BeforePosition | null) => setPosition(target ?? []) };
}
