import { AppError } from '@/server/errors';
import { isEmailConfigured } from '@/server/notifications';
import { withTenant } from '@/server/db';
import {
  changeMemberRole,
  changeRoleInput,
  createInvitation,
  idInput,
  inviteMemberInput,
  listMembers,
  listPendingInvitations,
  memberIdInput,
  removeMember,
  revokeInvitation,
} from '@/server/tenancy';
import { allowedProcedure, createTRPCRouter, tenantProcedure } from '../trpc';
import { siteUrl } from '../siteUrl';
import { sendInvitationEmail } from '../sendInvitationEmail';

export const membersRouter = createTRPCRouter({
  list: allowedProcedure('workspace.view').query(({ ctx }) => withTenant(ctx.tenant.id, (tx) => listMembers(tx, ctx.tenant.id))),

  /**
   * Emails the invitation link when SMTP is configured (the invitation is not
   * kept if the email cannot be sent); otherwise answers the link for the
   * inviter to pass on.
   */
  invite: allowedProcedure('members.manage')
    .input(inviteMemberInput)
    .mutation(async ({ ctx, input }) => {
      const user = ctx.user;
      if (!user) throw new AppError('forbidden', 'members.peopleOnly');
      return withTenant(ctx.tenant.id, async (tx) => {
        const invitation = await createInvitation(tx, { tenantId: ctx.tenant.id, email: input.email, role: input.role, invitedBy: user.id, actorRole: ctx.tenant.role });
        const link = `${siteUrl(ctx.headers)}/invitations/${invitation.token}`;
        if (!isEmailConfigured()) return { id: invitation.id, expiresAt: invitation.expiresAt, link, emailedTo: null };
        await sendInvitationEmail({ to: input.email, link, workspace: ctx.tenant.name, inviter: user.name, locale: ctx.locale });
        return { id: invitation.id, expiresAt: invitation.expiresAt, link: null, emailedTo: input.email };
      });
    }),

  invitations: allowedProcedure('members.manage').query(({ ctx }) => withTenant(ctx.tenant.id, (tx) => listPendingInvitations(tx, ctx.tenant.id))),

  revokeInvitation: allowedProcedure('members.manage')
    .input(idInput)
    .mutation(({ ctx, input }) => withTenant(ctx.tenant.id, (tx) => revokeInvitation(tx, ctx.tenant.id, input.id, ctx.actor))),

  changeRole: allowedProcedure('members.manage')
    .input(changeRoleInput)
    .mutation(({ ctx, input }) =>
      withTenant(ctx.tenant.id, (tx) => changeMemberRole(tx, { tenantId: ctx.tenant.id, userId: input.userId, role: input.role, actorRole: ctx.tenant.role, actor: ctx.actor })),
    ),

  remove: allowedProcedure('members.manage')
    .input(memberIdInput)
    .mutation(({ ctx, input }) =>
      withTenant(ctx.tenant.id, (tx) => removeMember(tx, { tenantId: ctx.tenant.id, userId: input.userId, actorRole: ctx.tenant.role, actor: ctx.actor })),
    ),

  /** The caller leaves the workspace (not for API tokens: they are not members). */
  leave: tenantProcedure.mutation(async ({ ctx }) => {
    if (!ctx.user) throw new AppError('forbidden', 'members.peopleOnly');
    await withTenant(ctx.tenant.id, (tx) => removeMember(tx, { tenantId: ctx.tenant.id, userId: ctx.user!.id, actorRole: null, actor: ctx.actor }));
  }),
});
