'use client';
import { useId } from 'react';

type Props = React.SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  name: string;
  options: { value: string; label: string }[];
  /** Errors already translated (tRPC answers carry translated messages). */
  errorMessages?: string[];
};

/** A labelled select whose errors are announced and tied to it, styled like FormField. */
export function SelectField({ label, name, options, errorMessages, ...select }: Props) {
  const id = useId();
  const errorId = `${id}-error`;
  const invalid = !!errorMessages?.length;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorId : undefined}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500 focus:border-brand-600"
        {...select}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {invalid && (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {errorMessages!.join(' ')}
        </p>
      )}
    </div>
  );
}
