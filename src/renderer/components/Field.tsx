import { useId, type InputHTMLAttributes } from 'react';

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: string;
}

/** A labelled input: the label is a real <label for>, so screen readers and getByLabel find it. */
export function Field({ label, hint, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-describedby={hint ? hintId : undefined} {...input} />
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A PIN entered again to confirm a decision: digits only, never remembered by the browser. */
export function PinField(props: Omit<FieldProps, 'type' | 'inputMode' | 'autoComplete'>) {
  return <Field type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]*" maxLength={12} {...props} />;
}

/** The required "Reason" of a decision that is recorded with it: free text, and a send waits until there is some. */
export function ReasonField({
  value,
  onChange,
  maxLength,
  rows = 2,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  maxLength: number;
  rows?: number;
  placeholder: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Reason</label>
      <textarea
        id={id}
        required
        maxLength={maxLength}
        rows={rows}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
      />
    </div>
  );
}
