import { useId } from 'react';

export interface SelectFilterOption<V extends string> {
  value: V;
  label: string;
}

/** A labelled <select> that narrows a list; the empty first option ("All …", "Any …") means no filter. */
export function SelectFilter<V extends string>({
  label,
  value,
  options,
  allText,
  onChange,
  className,
}: {
  label: string;
  value: V | undefined;
  options: readonly SelectFilterOption<V>[];
  /** The text of the first option, which clears the filter. */
  allText: string;
  onChange: (value: V | undefined) => void;
  /** Extra classes beside `field`. */
  className?: string;
}) {
  const id = useId();
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as V | undefined)}>
        <option value="">{allText}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
