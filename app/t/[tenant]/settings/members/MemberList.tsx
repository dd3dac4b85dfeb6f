'use client';
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { FormError } from '@/app/_components/FormError';
import { useTRPC } from '@/app/_components/trpc';
import type { Role } from '@/server/tenancy';
import { Panel } from '@/app/_components/Panel';
import { MemberRow } from './MemberRow';

/**
 * The workspace's members. `assignableRoles` is empty for people who may not
 * manage members: they see the list without controls.
 */
export function MemberList({ currentUserId, assignableRoles }: { currentUserId: string; assignableRoles: Role[] }) {
  const t = useTranslations('members');
  const trpc = useTRPC();
  const members = useQuery(trpc.members.list.queryOptions());
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState('');
  const report = (outcome: { error?: string; status?: string }) => {
    setError(outcome.error);
    setStatus(outcome.status ?? '');
  };

  return (
    <Panel id="member-list" title={t('listTitle')} description={members.data ? t('count', { count: members.data.length }) : undefined}>
      <div className="flex flex-col gap-3">
        <FormError message={error} />
        <p role="status" className="sr-only">
          {status}
        </p>
        {members.isPending && <p className="text-sm text-slate-500">{t('loading')}</p>}
        {members.isError && <FormError messageKey="members.loadFailed" />}
        {members.data && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    {t('person')}
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    {t('role')}
                  </th>
                  <th scope="col" className="py-2 text-right font-medium">
                    <span className="sr-only">{t('actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {members.data.map((member) => (
                  <MemberRow
                    key={member.userId}
                    member={member}
                    isYou={member.userId === currentUserId}
                    assignableRoles={assignableRoles}
                    onOutcome={report}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Panel>
  );
}
