'use client';
import { useFormStatus } from 'react-dom';

/** A form's submit button, disabled and labelled as busy while the form is pending. */
export function SubmitButton({ children, pending: pendingProp }: { children: React.ReactNode; pending?: boolean }) {
  const { pending: formPending } = useFormStatus();
  const pending = pendingProp ?? formPending;
  return (
    <button
      type="submit"
      disabled={pending}
      aria-busy={pending}
      className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
    >
      {children}
    </button>
  );
}
