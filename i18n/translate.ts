import { createTranslator } from 'next-intl';
import type { Locale } from './locales';
import { messages } from './messages';

/**
 * Translates a message key outside React (API error shapes, emails).
 * Unknown keys fall back to the key itself rather than throwing.
 */
export function translate(locale: Locale, key: string, params?: Record<string, string | number>): string {
  const t = createTranslator({ locale, messages: messages[locale], onError: () => {}, getMessageFallback: ({ key: k }) => k });
  return t(key as never, params as never);
}

/** Whether `key` names a message in `locale` (a stored value may be a key or plain text). */
export function hasMessage(locale: Locale, key: string): boolean {
  return createTranslator({ locale, messages: messages[locale] }).has(key as never);
}
