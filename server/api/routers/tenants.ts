import { inTransaction } from '@/server/db';
import { createTenant, createTenantInput, listTenantsForUser } from '@/server/tenancy';
import { createTRPCRouter, protectedProcedure, tenantProcedure } from '../trpc';

export const tenantsRouter = createTRPCRouter({
  /** The caller's workspaces, for the switcher. */
  list: protectedProcedure.query(({ ctx }) => listTenantsForUser(ctx.user.id)),

  /** The workspace named by `x-tenant`, with the caller's role in it. */
  current: tenantProcedure.query(({ ctx }) => ctx.tenant),

  create: protectedProcedure
    .input(createTenantInput)
    .mutation(({ ctx, input }) => inTransaction((tx) => createTenant(tx, { name: input.name, ownerId: ctx.user.id }))),
});
