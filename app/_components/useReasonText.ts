'use client';
import { useTranslations } from 'next-intl';

/**
 * Turns a recorded reason into words for the reader: a message key
 * (`documents.reasons.pdfEncrypted`, as typed errors record them) in the
 * reader's language, anything else (an error's own text) as it was recorded.
 */
export function useReasonText(): (reason: string | null | undefined) => string {
  const t = useTranslations();
  return (reason) => (reason && t.has(reason as never) ? t(reason as never) : (reason ?? ''));
}
