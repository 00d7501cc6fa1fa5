import { beforePages, type BeforePosition } from '../hooks/before-pages.js';
import { Pager } from './Pager.js';

interface BeforePagerProps<P extends string | number> {
  label: string;
  position: BeforePosition<P>;
  nextBefore: P | null | undefined;
  /** A page is on its way: the buttons wait for it rather than skip past. */
  moving: boolean;
  onGo(target: BeforePosition<P> | null): void;
}

/** Newer / Older / Newest over a `before`-paged list; nothing at all when everything fits one page. */
export function BeforePager<P extends string | number>({
  label,
  position,
  nextBefore,
  moving,
  onGo,
}: BeforePagerProps<P>) {
  const { newer, older, atNewest } = beforePages(position, nextBefore);
  if (atNewest && !older) return null;
  return (
    <Pager label={label} newer={moving ? null : newer} older={moving ? null : older} atNewest={atNewest} onGo={onGo} />
  );
}
