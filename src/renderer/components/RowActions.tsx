/** A table row's action buttons, each named for screen readers with what it acts on ("Retry: Sale receipt for sale S1"). */
export function RowActions<A extends string>({
  actions,
  labels,
  what,
  disabled,
  onAction,
}: {
  actions: readonly A[];
  labels: Record<A, string>;
  /** What the row is, said after the action's label. */
  what: string;
  disabled?: boolean;
  onAction: (action: A) => void;
}) {
  return (
    <div className="actions">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className="button small"
          disabled={disabled}
          onClick={() => onAction(action)}
          aria-label={`${labels[action]}: ${what}`}
        >
          {labels[action]}
        </button>
      ))}
    </div>
  );
}
