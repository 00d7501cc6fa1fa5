import type { ReactNode } from 'react';

/** The centred card used by the setup and login screens. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-layout">
      <div className="auth-card">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">
            B
          </span>
          Backroom
        </p>
        <h1>{title}</h1>
        {intro ? <div className="auth-intro">{intro}</div> : null}
        {children}
      </div>
    </main>
  );
}
