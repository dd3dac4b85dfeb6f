'use client';
import { signIn } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useActionState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { FormField } from '@/app/_components/FormField';
import { SubmitButton } from '@/app/_components/SubmitButton';
import { signUpAction, type SignUpState } from './actions';

/** `returnTo` is a same-site path to open after signing up; without it, the new workspace. `email` starts the email field. */
export function SignUpForm({ returnTo, email }: { returnTo?: string; email?: string }) {
  const t = useTranslations('auth');
  const router = useRouter();

  async function signUpThenSignIn(previous: SignUpState, form: FormData): Promise<SignUpState> {
    const state = await signUpAction(previous, form);
    if (!state.workspaceSlug) return state;
    const result = await signIn('credentials', { redirect: false, email: form.get('email'), password: form.get('password') });
    if (!result?.ok || result.error) return { formError: 'auth.signInFailed' };
    router.replace(returnTo ?? `/t/${state.workspaceSlug}/documents`);
    router.refresh();
    return state;
  }
  const [state, action] = useActionState(signUpThenSignIn, {});
  const errors = state.fieldErrors ?? {};

  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <h1 className="text-xl font-semibold">{t('signUpTitle')}</h1>
      <FormError messageKey={state.formError} params={state.formErrorParams} />
      <FormField label={t('name')} name="name" autoComplete="name" required defaultValue={state.values?.name} errors={errors.name} />
      <FormField label={t('email')} name="email" type="email" autoComplete="email" required defaultValue={state.values?.email ?? email} errors={errors.email} />
      <FormField
        label={t('password')}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint={t('passwordHint')}
        errors={errors.password}
      />
      <SubmitButton>{t('createAccount')}</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        {t('haveAccount')}{' '}
        <Link href={returnTo ? `/sign-in?callbackUrl=${encodeURIComponent(returnTo)}` : '/sign-in'} className="font-medium text-brand-700 hover:underline">
          {t('signIn')}
        </Link>
      </p>
    </form>
  );
}
