import { getTranslations } from 'next-intl/server';
import { can, roles } from '@/server/tenancy';
import { currentWorkspace } from '../../currentWorkspace';
import { InviteMemberForm } from './InviteMemberForm';
import { LeaveWorkspace } from './LeaveWorkspace';
import { MemberList } from './MemberList';
import { PendingInvitations } from './PendingInvitations';

export async function generateMetadata() {
  return { title: (await getTranslations('members'))('title') };
}

export default async function MembersPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { user, workspace } = await currentWorkspace((await params).tenant);
  const t = await getTranslations('members');
  const manage = can(workspace.role, 'members.manage');
  // Only owners make owners (server/tenancy/members.ts refuses it anyway).
  const assignableRoles = roles.filter((role) => role !== 'owner' || workspace.role === 'owner');
  return (
    <section aria-labelledby="members-title" className="flex flex-col gap-6">
      <header>
        <h1 id="members-title" className="text-2xl font-semibold">
          {t('title')}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{manage ? t('introManage', { workspace: workspace.name }) : t('introView', { workspace: workspace.name })}</p>
      </header>
      {manage && <InviteMemberForm assignableRoles={assignableRoles} />}
      <MemberList currentUserId={user.id} assignableRoles={manage ? assignableRoles : []} />
      {manage && <PendingInvitations />}
      <LeaveWorkspace currentUserId={user.id} />
    </section>
  );
}
