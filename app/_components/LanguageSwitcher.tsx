'use client';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { locales } from '@/i18n/locales';
import { setLocale } from './localeActions';

export function LanguageSwitcher() {
  const t = useTranslations('language');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className="flex items-center gap-2 text-sm text-slate-600">
      <span>{t('label')}</span>
      <select
        value={locale}
        disabled={pending}
        onChange={(event) => startTransition(async () => {
          await setLocale(event.target.value);
          router.refresh();
        })}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
      >
        {locales.map((code) => (
          <option key={code} value={code}>
            {t(code)}
          </option>
        ))}
      </select>
    </label>
  );
}
