'use client';
import { useTranslations } from 'next-intl';

/** An error about the whole form (not one field), announced to screen readers. */
export function FormError({ messageKey, params }: { messageKey?: string; params?: Record<string, string | number> }) {
  const t = useTranslations();
  if (!messageKey) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {t(messageKey as never, params as never)}
    </p>
  );
}
