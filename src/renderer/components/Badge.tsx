import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'off' | 'bad';

export function Badge({ tone, className, children }: { tone: Tone; className?: string; children: ReactNode }) {
  return <span className={`badge badge-${tone}${className ? ` ${className}` : ''}`}>{children}</span>;
}
