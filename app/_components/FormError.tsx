'use client';
import { useTranslations } from 'next-intl';

/**
 * An error about the whole form (not one field), announced to screen readers:
 * an i18n key, or a `message` already translated (tRPC answers carry one).
 */
export function FormError({ messageKey, params, message }: { messageKey?: string; params?: Record<string, string | number>; message?: string }) {
  const t = useTranslations();
  if (!messageKey && !message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {messageKey ? t(messageKey as never, params as never) : message}
    </p>
  );
}
