import type { ReactNode } from 'react';
import { beforePages, type BeforePosition } from '../hooks/before-pages.js';
import { Pager } from './Pager.js';
import { PendingNote } from './PendingNote.js';

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

/**
 * One `before`-paged page as it arrives: the list (drawn by `children`) with its pager under it, a loading line until
 * the first page is in, and nothing when it failed (the caller shows the error).
 */
export function BeforePages<D extends { nextBefore: P | null | undefined }, P extends string | number>({
  pages,
  label,
  position,
  onGo,
  loading,
  children,
}: {
  pages: { data: D | undefined; isError: boolean; failureReason: unknown; isPlaceholderData: boolean };
  /** The pager's name. */
  label: string;
  position: BeforePosition<P>;
  onGo(target: BeforePosition<P> | null): void;
  /** Said while the first page is on its way. */
  loading: string;
  children: (data: D) => ReactNode;
}) {
  if (pages.data) {
    return (
      <>
        {children(pages.data)}
        <BeforePager
          label={label}
          position={position}
          nextBefore={pages.data.nextBefore}
          moving={pages.isPlaceholderData}
          onGo={onGo}
        />
      </>
    );
  }
  return <PendingNote query={pages} loading={loading} />;
}
