import { Pager } from '../../components/Pager.js';
import { beforePages, type BeforePosition } from './before-pages.js';

interface BeforePagerProps {
  label: string;
  position: BeforePosition;
  nextBefore: string | null | undefined;
  /** A page is on its way: the buttons wait for it rather than skip past. */
  moving: boolean;
  onGo(target: BeforePosition | null): void;
}

/** Newer / Older / Newest over a `before`-paged list; nothing at all when everything fits one page. */
export function BeforePager({ label, position, nextBefore, moving, onGo }: BeforePagerProps) {
  const { newer, older, atNewest } = beforePages(position, nextBefore);
  if (atNewest && !older) return null;
  return (
    <Pager label={label} newer={moving ? null : newer} older={moving ? null : older} atNewest={atNewest} onGo={onGo} />
  );
}
