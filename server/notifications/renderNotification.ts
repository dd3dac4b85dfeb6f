import { hasMessage, translate } from '@/i18n/translate';
import type { Locale } from '@/i18n/locales';
import type { NotificationDefinition } from './defineNotification';

type Params = Record<string, string | number>;

/** A notification's title and body in the reader's language (the list, the email). */
export function renderNotification<P extends Params>(definition: NotificationDefinition<P>, params: P, locale: Locale): { title: string; body: string } {
  const shown: Params = { ...params };
  for (const [name, keyOf] of Object.entries(definition.translatedParams ?? {}) as [string, (value: string | number) => string][]) {
    const key = keyOf(params[name]!);
    if (hasMessage(locale, key)) shown[name] = translate(locale, key);
  }
  return { title: translate(locale, definition.titleKey, shown), body: translate(locale, definition.bodyKey, shown) };
}
