import { useId, useState, type FormEvent, type ReactNode } from 'react';

/**
 * A filter form's draft: what is typed or chosen is kept here until the form is applied. `set` is a text field's or
 * select's change handler (empty clears the filter); `put` sets one filter to a value (undefined clears it).
 */
export function useFilterDraft<F extends object>(filters: F) {
  const [draft, setDraft] = useState<F>(filters);
  const id = useId();
  const put = <K extends keyof F>(name: K, value: F[K] | undefined) =>
    setDraft((current) => ({ ...current, [name]: value }));
  const set = (name: keyof F) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value || undefined }));
  return { draft, setDraft, id, set, put };
}

/** A list's filter form: its fields, then Apply filters and Clear (which applies no filters at all). */
export function FilterForm({
  label,
  onApply,
  onClear,
  children,
}: {
  /** The form's name for screen readers, e.g. "Filter the stock". */
  label: string;
  onApply: () => void;
  onClear: () => void;
  children: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply();
  }

  return (
    <form className="filters" onSubmit={submit} aria-label={label}>
      {children}
      <div className="filters-actions">
        <button type="submit" className="button primary">
          Apply filters
        </button>
        <button type="button" className="button" onClick={onClear}>
          Clear
        </button>
      </div>
    </form>
  );
}
