'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { ConfirmButton } from '@/app/_components/ConfirmButton';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { isUnreadableFileReason } from '@/server/documents/processing/unreadableReasons';
import type { DocumentStatus } from '@/server/documents/schema';
import { runningStatuses } from './StatusBadge';

export type DocumentPermissions = { userId: string; resumeAny: boolean; resumeOwn: boolean; cancelAny: boolean; cancelOwn: boolean };

/** Resume (a failed document) and Cancel (a running one), shown only to those the policy allows. */
export function DocumentActions({
  document,
  permissions,
}: {
  document: { id: string; fileName: string; status: DocumentStatus; uploadedBy: string | null; failureReason: string | null };
  permissions: DocumentPermissions;
}) {
  const t = useTranslations('documents');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.documents.pathKey() });
  const resume = useMutation(trpc.documents.resume.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.documents.cancel.mutationOptions({ onSuccess: refresh }));
  const mine = document.uploadedBy === permissions.userId;
  // A file that cannot be read fails the same way again: its failure asks for a new upload, and Resume is not offered here
  // (the Workflows page still resumes it, for after a fix of the reader).
  const resumable = document.status === 'failed' && !isUnreadableFileReason(document.failureReason);
  const mayResume = resumable && (permissions.resumeAny || (mine && permissions.resumeOwn));
  const mayCancel = runningStatuses.includes(document.status) && (permissions.cancelAny || (mine && permissions.cancelOwn));
  const error = resume.error ?? cancel.error;
  return (
    <div className="flex items-center justify-end gap-2">
      {mayResume && (
        <button
          type="button"
          disabled={resume.isPending}
          onClick={() => resume.mutate({ id: document.id })}
          aria-label={t('resumeNamed', { name: document.fileName })}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-60"
        >
          {t('resume')}
        </button>
      )}
      {mayCancel && (
        <ConfirmButton
          label={t('cancelNamed', { name: document.fileName })}
          question={t('cancelQuestion', { name: document.fileName })}
          confirmLabel={t('stopWorkflow')}
          dismissLabel={t('keepRunning')}
          pending={cancel.isPending}
          onConfirm={() => cancel.mutate({ id: document.id })}
        >
          {t('cancel')}
        </ConfirmButton>
      )}
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {shownError(error, t('actionFailed')).message}
        </span>
      )}
    </div>
  );
}
