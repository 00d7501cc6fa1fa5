import { useId, type ReactNode } from 'react';

/** A titled region; `aria-labelledby` makes it findable as a named region. */
export function Card({
  title,
  aside,
  className,
  children,
}: {
  title: string;
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`card${className ? ` ${className}` : ''}`} aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{title}</h2>
        {aside}
      </header>
      {children}
    </section>
  );
}

export function Facts({ children }: { children: ReactNode }) {
  return <dl className="facts">{children}</dl>;
}

/** One term/value pair; the value is labelled by its term (`aria-labelledby`), so `getByLabel(term)` finds it. */
export function Fact({ label, children, mono = false }: { label: string; children: ReactNode; mono?: boolean }) {
  const id = useId();
  return (
    <div className="fact">
      <dt id={id}>{label}</dt>
      <dd className={mono ? 'mono' : undefined} aria-labelledby={id}>
        {children}
      </dd>
    </div>
  );
}
