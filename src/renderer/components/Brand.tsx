export function Brand() {
  return (
    <p className="brand">
      <span className="brand-mark" aria-hidden="true">
        B
      </span>
      Backroom
    </p>
  );
}
