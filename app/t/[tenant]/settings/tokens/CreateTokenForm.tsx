'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { CopyButton } from '@/app/_components/CopyButton';
import { FormError } from '@/app/_components/FormError';
import { FormField } from '@/app/_components/FormField';
import { SelectField } from '@/app/_components/SelectField';
import { SubmitButton } from '@/app/_components/SubmitButton';
import { useTRPC } from '@/app/_components/trpc';
import { shownError, type ShownError } from '@/app/_components/trpcError';
import type { Role } from '@/server/tenancy';
import { Panel } from '@/app/_components/Panel';

/** Creates a token and shows it this once: the server keeps only its hash. */
export function CreateTokenForm({ roles }: { roles: Exclude<Role, 'owner'>[] }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<ShownError>();
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const createdHeading = useRef<HTMLHeadingElement>(null);
  const create = useMutation(trpc.tokens.create.mutationOptions());

  // The new token is the one thing to act on now: take focus there so it is read out.
  useEffect(() => createdHeading.current?.focus(), [created]);

  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(new FormData(form)) as { name: string; role: Exclude<Role, 'owner'> };
    setError(undefined);
    create.mutate(values, {
      onSuccess: ({ token }) => {
        setCreated({ name: values.name.trim(), token });
        form.reset();
        return queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() });
      },
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError'), ['name', 'role'])),
    });
  }

  return (
    <Panel id="create-token" title={t('tokens.newTitle')} description={t('tokens.newHelp')}>
      {created && (
        <div className="mb-5 flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
          <h3 ref={createdHeading} tabIndex={-1} className="text-sm font-semibold text-amber-900">
            {t('tokens.createdTitle', { name: created.name })}
          </h3>
          <p className="text-sm text-amber-900">{t('tokens.createdOnce')}</p>
          <div className="flex flex-wrap items-center gap-2">
            <label className="sr-only" htmlFor="new-token">
              {t('tokens.newToken')}
            </label>
            <input
              id="new-token"
              readOnly
              value={created.token}
              onFocus={(event) => event.currentTarget.select()}
              className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-3 py-2 font-mono text-sm text-slate-900"
            />
            <CopyButton text={created.token} label={t('tokens.copy')} />
          </div>
          <div>
            <button type="button" onClick={() => setCreated(undefined)} className="text-sm font-medium text-amber-900 underline hover:no-underline">
              {t('tokens.dismiss')}
            </button>
          </div>
        </div>
      )}
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        <FormError message={error?.message} />
        <div className="grid gap-4 sm:grid-cols-[1fr_12rem_auto] sm:items-start">
          <FormField label={t('tokens.name')} name="name" required maxLength={60} autoComplete="off" hint={t('tokens.nameHint')} errorMessages={error?.fieldErrors.name} />
          <SelectField
            label={t('tokens.role')}
            name="role"
            defaultValue="member"
            options={roles.map((role) => ({ value: role, label: t(`workspaces.roles.${role}`) }))}
            errorMessages={error?.fieldErrors.role}
          />
          <div className="sm:pt-6">
            <SubmitButton pending={create.isPending}>{t('tokens.create')}</SubmitButton>
          </div>
        </div>
      </form>
    </Panel>
  );
}
