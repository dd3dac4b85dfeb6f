'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { ConfirmButton } from '@/app/_components/ConfirmButton';
import { FormError } from '@/app/_components/FormError';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import { Panel } from '@/app/_components/Panel';

/** Every token of the workspace, revoked ones included (they explain a program that stopped working). */
export function TokenList() {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onMutate: () => setError(undefined),
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey() }),
      onError: (failure) => setError(shownError(failure, t('common.unexpectedError')).message),
    }),
  );
  const date = (value: Date) => format.dateTime(value, { dateStyle: 'medium' });
  const th = 'py-2 pr-4 font-medium';

  return (
    <Panel id="token-list" title={t('tokens.listTitle')}>
      <div className="flex flex-col gap-3">
        <FormError message={error} />
        {tokens.isPending && <p className="text-sm text-slate-500">{t('tokens.loading')}</p>}
        {tokens.isError && <FormError messageKey="tokens.loadFailed" />}
        {tokens.data?.length === 0 && <p className="text-sm text-slate-500">{t('tokens.empty')}</p>}
        {!!tokens.data?.length && (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase tracking-wide text-slate-500">
                <tr>
                  <th scope="col" className={th}>{t('tokens.name')}</th>
                  <th scope="col" className={th}>{t('tokens.token')}</th>
                  <th scope="col" className={th}>{t('tokens.role')}</th>
                  <th scope="col" className={th}>{t('tokens.created')}</th>
                  <th scope="col" className={th}>{t('tokens.lastUsedColumn')}</th>
                  <th scope="col" className="py-2 text-right font-medium">
                    <span className="sr-only">{t('tokens.status')}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {tokens.data.map((token) => (
                  <tr key={token.id} className={token.revokedAt ? 'text-slate-400' : undefined}>
                    <td className="py-3 pr-4 font-medium">{token.name}</td>
                    <td className="whitespace-nowrap py-3 pr-4 font-mono text-xs">{token.tokenPrefix}…</td>
                    <td className="whitespace-nowrap py-3 pr-4">{t(`workspaces.roles.${token.role}`)}</td>
                    <td className="whitespace-nowrap py-3 pr-4">{date(token.createdAt)}</td>
                    <td className="whitespace-nowrap py-3 pr-4">{token.lastUsedAt ? date(token.lastUsedAt) : t('tokens.neverUsed')}</td>
                    <td className="py-3 text-right">
                      {token.revokedAt ? (
                        <span className="inline-flex whitespace-nowrap rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-600">
                          {t('tokens.revokedOn', { date: date(token.revokedAt) })}
                        </span>
                      ) : (
                        <ConfirmButton
                          label={t('tokens.revokeNamed', { name: token.name })}
                          question={t('tokens.revokeConfirm', { name: token.name })}
                          confirmLabel={t('tokens.revoke')}
                          pending={revoke.isPending && revoke.variables.id === token.id}
                          onConfirm={() => revoke.mutate({ id: token.id })}
                        >
                          {t('tokens.revoke')}
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </Panel>
  );
}
