/** The sale a payment belongs to, and the payment under it, as the tills name them. "—" when neither is known. */
export function SaleRef({ saleId, paymentId }: { saleId: string | null; paymentId: string | null }) {
  if (!saleId && !paymentId) return '—';
  return (
    <span className="mono id-cell">
      {saleId ?? '—'}
      {paymentId ? <div className="muted small">{paymentId}</div> : null}
    </span>
  );
}
