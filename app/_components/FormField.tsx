'use client';
import { useTranslations } from 'next-intl';
import { useId } from 'react';

type Props = React.InputHTMLAttributes<HTMLInputElement> & {
  label: string;
  name: string;
  /** i18n keys of this field's errors, from the server. */
  errors?: string[];
  /** Errors already translated (tRPC answers carry translated messages). */
  errorMessages?: string[];
  hint?: string;
};

/** A labelled input whose errors are announced and tied to it (aria-describedby). */
export function FormField({ label, name, errors, errorMessages, hint, ...input }: Props) {
  const t = useTranslations();
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const messages = [...(errors ?? []).map((key) => t(key as never)), ...(errorMessages ?? [])];
  const invalid = messages.length > 0;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm aria-invalid:border-red-500 focus:border-brand-600"
        {...input}
      />
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {invalid && (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {messages.join(' ')}
        </p>
      )}
    </div>
  );
}
