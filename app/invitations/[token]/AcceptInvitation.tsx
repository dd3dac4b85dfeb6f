'use client';
import { useMutation } from '@tanstack/react-query';
import { signOut } from 'next-auth/react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';

type Props = { token: string; invitedEmail: string; signedInEmail: string; here: string };

/**
 * Accepts for the signed-in person. Someone signed in with another email is
 * told so at once and offered to switch accounts (the server refuses them anyway).
 */
export function AcceptInvitation({ token, invitedEmail, signedInEmail, here }: Props) {
  const t = useTranslations();
  const trpc = useTRPC();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const accept = useMutation(
    trpc.invitations.accept.mutationOptions({
      onMutate: () => setError(undefined),
      onSuccess: ({ slug }) => {
        router.push(`/t/${slug}/documents`);
        router.refresh();
      },
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError')).message),
    }),
  );
  const otherAccount = invitedEmail.toLowerCase() !== signedInEmail.toLowerCase();
  const switchAccount = () => signOut({ callbackUrl: `/sign-in?callbackUrl=${encodeURIComponent(here)}` });

  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm text-slate-600">{t('members.signedInAs', { email: signedInEmail })}</p>
      <FormError message={error} />
      {otherAccount ? (
        <>
          <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            {t('members.invitationOtherEmail', { email: invitedEmail })}
          </p>
          <button
            type="button"
            onClick={switchAccount}
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            {t('members.useAnotherAccount')}
          </button>
        </>
      ) : (
        <button
          type="button"
          onClick={() => accept.mutate({ token })}
          disabled={accept.isPending || accept.isSuccess}
          aria-busy={accept.isPending}
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700 disabled:opacity-60"
        >
          {accept.isPending || accept.isSuccess ? t('members.accepting') : t('members.accept')}
        </button>
      )}
    </div>
  );
}
