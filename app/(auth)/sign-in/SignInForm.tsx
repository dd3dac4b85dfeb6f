'use client';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { FormField } from '@/app/_components/FormField';
import { SubmitButton } from '@/app/_components/SubmitButton';

const knownErrors = new Set(['auth.invalidCredentials', 'auth.tooManyAttempts']);

export function SignInForm({ returnTo }: { returnTo: string }) {
  const t = useTranslations('auth');
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn('credentials', { redirect: false, email: form.get('email'), password: form.get('password') });
    if (result?.ok && !result.error) {
      router.replace(returnTo);
      router.refresh();
      return;
    }
    setPending(false);
    setError(result?.error && knownErrors.has(result.error) ? result.error : 'auth.signInFailed');
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <h1 className="text-xl font-semibold">{t('signInTitle')}</h1>
      <FormError messageKey={error} />
      <FormField label={t('email')} name="email" type="email" autoComplete="email" required />
      <FormField label={t('password')} name="password" type="password" autoComplete="current-password" required />
      <SubmitButton pending={pending}>{pending ? t('signingIn') : t('signIn')}</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        {t('noAccount')}{' '}
        <Link href={returnTo === '/' ? '/sign-up' : `/sign-up?callbackUrl=${encodeURIComponent(returnTo)}`} className="font-medium text-brand-700 hover:underline">
          {t('signUp')}
        </Link>
      </p>
    </form>
  );
}
