'use client';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { FormField } from '@/app/_components/FormField';
import { SubmitButton } from '@/app/_components/SubmitButton';
import { createWorkspaceAction } from './actions';

export function CreateWorkspaceForm() {
  const t = useTranslations('workspaces');
  const [state, action] = useActionState(createWorkspaceAction, {});
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormError messageKey={state.formError} params={state.formErrorParams} />
      <FormField label={t('name')} name="name" required maxLength={60} defaultValue={state.values?.name} errors={state.fieldErrors?.name} />
      <SubmitButton>{t('create')}</SubmitButton>
    </form>
  );
}
