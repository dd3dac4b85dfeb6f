'use client';
import { useTranslations } from 'next-intl';
import { useEffect, useId, useRef, useState } from 'react';

type Props = {
  /** The visible text of the first button. */
  children: React.ReactNode;
  /** Its accessible name when the visible text is not enough ("Remove" → "Remove Ana"). */
  label?: string;
  /** The question the confirm step asks. */
  question: string;
  confirmLabel: string;
  /** The button that backs out; "Cancel" unless the action is itself a cancel, where two "Cancel" buttons would say opposite things. */
  dismissLabel?: string;
  onConfirm: () => void;
  pending?: boolean;
  /** Which side the confirm box hugs: the end in a table row, the start in a panel. */
  align?: 'start' | 'end';
};

const dangerButton =
  'rounded-md bg-red-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-red-700 disabled:opacity-60';
const quietButton = 'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50';

/**
 * A destructive action behind an inline confirm step. Opening it moves focus
 * to the dismiss button (so Enter twice does nothing harmful); Escape or that
 * button closes it and returns focus to the button that opened it, as does
 * the end of the confirmed action (`pending` turning false).
 */
export function ConfirmButton({ children, label, question, confirmLabel, dismissLabel, onConfirm, pending, align = 'end' }: Props) {
  const t = useTranslations('common');
  const questionId = useId();
  const [open, setOpen] = useState(false);
  const [focusTarget, setFocusTarget] = useState<'cancel' | 'trigger' | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (focusTarget === 'cancel') cancelRef.current?.focus();
    if (focusTarget === 'trigger') triggerRef.current?.focus();
  }, [focusTarget, open]);

  // Once the action has run, the question is answered: close (an error shows beside the button, not inside this box).
  const [wasPending, setWasPending] = useState(false);
  if (!!pending !== wasPending) {
    setWasPending(!!pending);
    if (wasPending && !pending && open) {
      setFocusTarget('trigger');
      setOpen(false);
    }
  }

  function show(next: boolean) {
    setFocusTarget(next ? 'cancel' : 'trigger');
    setOpen(next);
  }

  if (!open) {
    return (
      <button ref={triggerRef} type="button" aria-label={label} onClick={() => show(true)} className={quietButton}>
        {children}
      </button>
    );
  }
  return (
    <div
      role="group"
      aria-labelledby={questionId}
      onKeyDown={(event) => event.key === 'Escape' && !pending && show(false)}
      className={`${align === 'end' ? 'ml-auto' : ''} flex w-full max-w-xs flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-left`}
    >
      {/* The question may name a file with no space to wrap at. */}
      <p id={questionId} className="basis-full text-sm text-red-900 wrap-anywhere">
        {question}
      </p>
      <button type="button" onClick={onConfirm} disabled={pending} aria-busy={pending} className={dangerButton}>
        {confirmLabel}
      </button>
      <button ref={cancelRef} type="button" onClick={() => show(false)} disabled={pending} className={quietButton}>
        {dismissLabel ?? t('cancel')}
      </button>
    </div>
  );
}
