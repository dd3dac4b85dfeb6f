import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { localeCookie, negotiateLocale } from './locales';
import { messages } from './messages';

export default getRequestConfig(async () => {
  const locale = negotiateLocale((await cookies()).get(localeCookie)?.value, (await headers()).get('accept-language'));
  return { locale, messages: messages[locale], timeZone: 'UTC' };
});
