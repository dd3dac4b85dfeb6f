'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useTranslations } from 'next-intl';
import { ConfirmButton } from '@/app/_components/ConfirmButton';
import { useTRPC } from '@/app/_components/trpc';
import { shownError } from '@/app/_components/trpcError';
import type { AppRouter } from '@/server/api';
import type { Role } from '@/server/tenancy';

type Member = inferRouterOutputs<AppRouter>['members']['list'][number];
type Outcome = { error?: string; status?: string };

/** One member; their role and removal are editable when the viewer may manage them (never themselves: they leave instead). */
export function MemberRow({ member, isYou, assignableRoles, onOutcome }: { member: Member; isYou: boolean; assignableRoles: Role[]; onOutcome: (outcome: Outcome) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
  const fail = (error: unknown) => onOutcome({ error: shownError(error, t('common.unexpectedError')).message });
  const changeRole = useMutation(
    trpc.members.changeRole.mutationOptions({
      onSuccess: (_result, { role }) => {
        onOutcome({ status: t('members.roleChanged', { name: member.name, role: t(`workspaces.roles.${role}`) }) });
        return refresh();
      },
      onError: fail,
    }),
  );
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => {
        onOutcome({ status: t('members.removed', { name: member.name }) });
        return refresh();
      },
      onError: fail,
    }),
  );
  const manageable = !isYou && assignableRoles.includes(member.role);
  const shownRole = changeRole.isPending ? changeRole.variables.role : member.role;

  return (
    <tr>
      <td className="py-3 pr-4">
        <p className="font-medium text-slate-900">
          {member.name}
          {isYou && <span className="ml-1 font-normal text-slate-500">({t('members.you')})</span>}
        </p>
        <p className="text-slate-600">{member.email}</p>
      </td>
      <td className="py-3 pr-4">
        {manageable ? (
          <select
            aria-label={t('members.roleFor', { name: member.name })}
            value={shownRole}
            disabled={changeRole.isPending}
            onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value as Role })}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm disabled:opacity-60"
          >
            {assignableRoles.map((role) => (
              <option key={role} value={role}>
                {t(`workspaces.roles.${role}`)}
              </option>
            ))}
          </select>
        ) : (
          <span className="inline-flex rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-medium text-slate-700">{t(`workspaces.roles.${member.role}`)}</span>
        )}
      </td>
      <td className="py-3 text-right">
        {manageable && (
          <ConfirmButton
            label={t('members.removeNamed', { name: member.name })}
            question={t('members.removeConfirm', { name: member.name })}
            confirmLabel={t('members.remove')}
            pending={remove.isPending}
            onConfirm={() => remove.mutate({ userId: member.userId })}
          >
            {t('members.remove')}
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}
