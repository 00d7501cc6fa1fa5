import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** One big figure on the dashboard, linking to the screen where it can be acted on. */
export function Stat({
  label,
  value,
  detail,
  to,
  attention = false,
}: {
  label: string;
  value: ReactNode;
  detail?: ReactNode;
  to: string;
  /** Something here waits for a person. */
  attention?: boolean;
}) {
  return (
    <Link to={to} className={`stat${attention ? ' stat-attention' : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {detail ? <span className="stat-detail">{detail}</span> : null}
    </Link>
  );
}
