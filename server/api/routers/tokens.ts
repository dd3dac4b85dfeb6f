import { AppError } from '@/server/errors';
import { withTenant } from '@/server/db';
import { createApiToken, createApiTokenInput, idInput, listApiTokens, revokeApiToken } from '@/server/tenancy';
import { allowedProcedure, createTRPCRouter } from '../trpc';

export const tokensRouter = createTRPCRouter({
  list: allowedProcedure('tokens.manage').query(({ ctx }) => withTenant(ctx.tenant.id, (tx) => listApiTokens(tx, ctx.tenant.id))),

  /** The token is in this answer only; it is stored hashed. */
  create: allowedProcedure('tokens.manage')
    .input(createApiTokenInput)
    .mutation(({ ctx, input }) => {
      // A token cannot mint tokens: people create them, so each has an accountable creator.
      if (!ctx.user) throw new AppError('forbidden', 'members.peopleOnly');
      return withTenant(ctx.tenant.id, (tx) => createApiToken(tx, { tenantId: ctx.tenant.id, name: input.name, role: input.role, createdBy: ctx.user!.id }));
    }),

  revoke: allowedProcedure('tokens.manage')
    .input(idInput)
    .mutation(({ ctx, input }) => withTenant(ctx.tenant.id, (tx) => revokeApiToken(tx, ctx.tenant.id, input.id, ctx.actor))),
});
