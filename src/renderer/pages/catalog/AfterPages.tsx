import { useState } from 'react';

/**
 * Paging over a list the hub pages with `after=<last id>` in name order. The positions passed through are kept, so
 * "Previous" steps back one page and "First page" starts again; the last position is `after`.
 */
export function useAfterPosition() {
  const [position, setPosition] = useState<readonly string[]>([]);
  return {
    after: position[position.length - 1],
    atFirst: position.length === 0,
    previous: () => setPosition((current) => current.slice(0, -1)),
    next: (nextAfter: string) => setPosition((current) => [...current, nextAfter]),
    first: () => setPosition([]),
  };
}

/** First / Previous / Next under a name-ordered list, and where the page is; nothing when one page holds it all. */
export function AfterPager({
  label,
  pager,
  nextAfter,
  moving,
  shown,
  total,
}: {
  label: string;
  pager: ReturnType<typeof useAfterPosition>;
  nextAfter: string | null;
  /** A page is on its way: the buttons wait for it rather than skip past. */
  moving: boolean;
  shown: number;
  total: number;
}) {
  if (pager.atFirst && nextAfter === null) return null;
  return (
    <nav className="pager" aria-label={label}>
      <span className="muted small">
        {shown} of {total} shown
      </span>
      <button type="button" className="button" disabled={pager.atFirst || moving} onClick={pager.first}>
        First page
      </button>
      <button type="button" className="button" disabled={pager.atFirst || moving} onClick={pager.previous}>
        ← Previous
      </button>
      <button
        type="button"
        className="button"
        disabled={nextAfter === null || moving}
        onClick={() => nextAfter !== null && pager.next(nextAfter)}
      >
        Next →
      </button>
    </nav>
  );
}
