'use client';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { LanguageSwitcher } from './LanguageSwitcher';

export function UserMenu({ user }: { user: { name: string; email: string } }) {
  const t = useTranslations('auth');
  return (
    <div className="flex items-center gap-4">
      <LanguageSwitcher />
      <span className="hidden text-sm text-slate-600 sm:inline" title={user.email}>
        {user.name}
      </span>
      <button
        type="button"
        onClick={() => signOut({ callbackUrl: '/sign-in' })}
        className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100"
      >
        {t('signOut')}
      </button>
    </div>
  );
}
