'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { Panel } from '@/app/_components/Panel';

/** Invitations not yet accepted, revoked or expired; revoking one makes its link stop working. */
export function PendingInvitations() {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const invitations = useQuery(trpc.members.invitations.queryOptions());
  const revoke = useMutation(
    trpc.members.revokeInvitation.mutationOptions({
      onMutate: () => setError(undefined),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() }),
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError')).message),
    }),
  );

  return (
    <Panel id="pending" title={t('members.pending')}>
      <div className="flex flex-col gap-3">
        <FormError message={error} />
        {invitations.isPending && <p className="text-sm text-slate-500">{t('members.loading')}</p>}
        {invitations.isError && <FormError messageKey="members.loadFailed" />}
        {invitations.data?.length === 0 && <p className="text-sm text-slate-500">{t('members.empty')}</p>}
        {!!invitations.data?.length && (
          <ul className="divide-y divide-slate-100">
            {invitations.data.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-3 text-sm">
                <span className="min-w-0 flex-1 font-medium text-slate-900">{invitation.email}</span>
                <span className="inline-flex rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">
                  {t(`workspaces.roles.${invitation.role}`)}
                </span>
                <span className="text-slate-600">{t('members.expires', { date: format.dateTime(invitation.expiresAt, { dateStyle: 'medium' }) })}</span>
                <button
                  type="button"
                  aria-label={t('members.revokeInvitation', { email: invitation.email })}
                  disabled={revoke.isPending && revoke.variables.id === invitation.id}
                  onClick={() => revoke.mutate({ id: invitation.id })}
                  className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60"
                >
                  {t('members.revoke')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Panel>
  );
}
