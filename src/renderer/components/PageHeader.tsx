import { useEffect, type ReactNode } from 'react';

/** The screen's heading (and the window title, so tabs, history and screen readers name the screen). */
export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Backroom`;
  }, [title]);
  return (
    <div className="page-header">
      <div className="page-header-text">
        <h1>{title}</h1>
        {intro ? <p className="muted">{intro}</p> : null}
      </div>
      {actions ? <div className="page-header-actions">{actions}</div> : null}
    </div>
  );
}
