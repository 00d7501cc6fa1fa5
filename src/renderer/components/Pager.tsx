/** Newest / newer / older over a cursor-paged list. A null target disables its button. */
export function Pager<P>({
  label,
  newer,
  older,
  atNewest,
  onGo,
}: {
  label: string;
  newer: P | null;
  older: P | null;
  atNewest: boolean;
  onGo: (target: P | null) => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="button" disabled={atNewest} onClick={() => onGo(null)}>
        Newest
      </button>
      <button type="button" className="button" disabled={newer === null} onClick={() => onGo(newer)}>
        ← Newer
      </button>
      <button type="button" className="button" disabled={older === null} onClick={() => onGo(older)}>
        Older →
      </button>
    </nav>
  );
}
