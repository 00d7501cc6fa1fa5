import type { ReactNode } from 'react';
import { Brand } from './Brand.js';

/** The centred card used by the setup and login screens. */
export function AuthCard({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <main className="auth-layout">
      <div className="auth-card">
        <Brand />
        <h1>{title}</h1>
        {intro ? <div className="auth-intro">{intro}</div> : null}
        {children}
      </div>
    </main>
  );
}
