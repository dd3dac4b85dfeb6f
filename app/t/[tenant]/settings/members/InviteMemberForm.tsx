'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { CopyButton } from '@/app/_components/CopyButton';
import { FormError } from '@/app/_components/FormError';
import { FormField } from '@/app/_components/FormField';
import { SelectField } from '@/app/_components/SelectField';
import { SubmitButton } from '@/app/_components/SubmitButton';
import { useTRPC } from '@/app/_components/trpc';
import { shownError, type ShownError } from '@/app/_components/trpcError';
import type { Role } from '@/server/tenancy';
import { Panel } from '@/app/_components/Panel';

/** `link` is null when the server emailed it instead. */
type Invitation = { email: string; link: string | null; expiresAt: Date };

/** Creates an invitation; without email delivery configured, its link is shown to the inviter to pass on. */
export function InviteMemberForm({ assignableRoles }: { assignableRoles: Role[] }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<ShownError>();
  const [invitation, setInvitation] = useState<Invitation>();
  const invite = useMutation(trpc.members.invite.mutationOptions());

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(new FormData(form)) as { email: string; role: Role };
    setError(undefined);
    setInvitation(undefined);
    invite.mutate(values, {
      onSuccess: (created) => {
        setInvitation({ email: values.email.trim().toLowerCase(), link: created.link, expiresAt: created.expiresAt });
        form.reset();
        return queryClient.invalidateQueries({ queryKey: trpc.members.invitations.queryKey() });
      },
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError'), ['email', 'role'])),
    });
  }

  return (
    <Panel id="invite" title={t('members.invite')} description={t('members.inviteHelp')}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormError message={error?.message} />
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
          <FormField label={t('auth.email')} name="email" type="email" autoComplete="off" required errorMessages={error?.fieldErrors.email} />
          <SelectField
            label={t('members.role')}
            name="role"
            defaultValue="member"
            options={assignableRoles.map((role) => ({ value: role, label: t(`workspaces.roles.${role}`) }))}
            errorMessages={error?.fieldErrors.role}
          />
          <div className="sm:pt-6">
            <SubmitButton pending={invite.isPending}>{t('members.inviteSubmit')}</SubmitButton>
          </div>
        </div>
      </form>
      {invitation && !invitation.link && (
        <p role="status" className="mt-4 rounded-lg border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
          {t('members.inviteEmailed', { email: invitation.email })}
        </p>
      )}
      {invitation?.link && (
        <div role="status" className="mt-4 flex flex-col gap-2 rounded-lg border border-brand-100 bg-brand-50 p-4">
          <p className="text-sm text-slate-800">
            {t('members.inviteLinkIntro', { email: invitation.email, date: format.dateTime(invitation.expiresAt, { dateStyle: 'long' }) })}
          </p>
          <div className="flex flex-wrap items-center gap-2">
            <label className="sr-only" htmlFor="invitation-link">
              {t('members.inviteLink')}
            </label>
            <input
              id="invitation-link"
              readOnly
              value={invitation.link}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-xs text-slate-800"
            />
            <CopyButton text={invitation.link} label={t('members.copy')} />
          </div>
        </div>
      )}
    </Panel>
  );
}
