/** Pretty-printed JSON for payloads and hub state, scrollable, readable by screen readers as a labelled region. */
export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json" aria-label={label} tabIndex={0}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
