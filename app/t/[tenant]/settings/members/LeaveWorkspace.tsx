'use client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ConfirmButton } from '@/app/_components/ConfirmButton';
import { FormError } from '@/app/_components/FormError';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { Panel } from '@/app/_components/Panel';
// The file, not the module's index (server-only): a rule with no runtime imports, asked here of the list on screen.
import { isOnlyOwner } from '@/server/tenancy/isOnlyOwner';

/**
 * Anyone may leave, except the last owner, who is told what to do first. Read
 * from the member list's own query, so it follows a role changed on the page.
 */
export function LeaveWorkspace({ currentUserId }: { currentUserId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());
  const you = members.data?.find((member) => member.userId === currentUserId);
  const lastOwner = !!you && isOnlyOwner(you.role, members.data!.map((member) => member.role));
  const router = useRouter();
  const [error, setError] = useState<string>();
  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onMutate: () => setError(undefined),
      onSuccess: () => {
        router.push('/');
        router.refresh();
      },
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError')).message),
    }),
  );

  return (
    <Panel id="leave" title={t('members.leave')} description={t('members.leaveHelp')} tone="danger">
      <div className="flex flex-col items-start gap-3">
        <FormError message={error} />
        {/* Nothing until the list says who owns the workspace: a Leave button first shown, then taken away, would mislead. */}
        {!members.data ? null : lastOwner ? (
          <p className="text-sm text-slate-700">{t('members.lastOwner')}</p>
        ) : (
          <ConfirmButton align="start" question={t('members.leaveConfirm')} confirmLabel={t('members.leave')} pending={leave.isPending || leave.isSuccess} onConfirm={() => leave.mutate()}>
            {t('members.leave')}
          </ConfirmButton>
        )}
      </div>
    </Panel>
  );
}
